import threading

import pytest

from blog import markup
from tests.hostile_inputs import HOSTILE_INPUTS
from tests.html_checks import dangers, elements


@pytest.mark.parametrize(("name", "text"), HOSTILE_INPUTS, ids=[name for name, _ in HOSTILE_INPUTS])
def test_hostile_article_markdown_renders_inert(name, text):
    """No script, style, frame, form, SVG or MathML element, handler or unsafe URL survives."""
    assert dangers(markup.render_markdown(text)) == []


@pytest.mark.parametrize(("name", "text"), HOSTILE_INPUTS, ids=[name for name, _ in HOSTILE_INPUTS])
def test_hostile_comment_markdown_renders_inert(name, text):
    """The stricter comment profile is at least as safe."""
    assert dangers(markup.render_markdown(text, profile=markup.COMMENT)) == []


def test_the_checker_itself_catches_dangerous_html():
    """The assertion above can fail: unsanitised markup is reported."""
    raw = '<img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a><svg></svg>'
    assert len(dangers(raw)) == 3


def test_markdown_is_rendered_before_sanitising():
    """A Markdown link to javascript: never becomes a link; a normal one does."""
    html = markup.render_markdown("[bad](javascript:alert(1)) and [good](https://example.org/a)")
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert links == [{"href": "https://example.org/a", "rel": "noopener"}]


def test_common_article_markdown_survives():
    """Tables, strikethrough, footnotes, quotes and lists render as their elements."""
    text = (
        "| Year | Tons |\n|---|---|\n| 2025 | 12 |\n\n~~old~~ new[^1]\n\n"
        "> “Quoted.”\n> — Speaker\n\n- one\n- two\n\n[^1]: A note."
    )
    tags = {tag for tag, _ in elements(markup.render_markdown(text))}
    assert {"table", "td", "s", "sup", "blockquote", "ul", "li", "section"} <= tags


def test_body_headings_sit_below_the_section_heading():
    """# and ## inside a body become <h3>, so the page outline stays intact."""
    html = markup.render_markdown("# Big\n\n## Bigger\n\n#### Small")
    assert [tag for tag, _ in elements(html)] == ["h3", "h3", "h4"]


def test_raw_html_is_sanitised_not_escaped_for_articles():
    """Allowed inline HTML stays; the rest is stripped to its text."""
    html = markup.render_markdown('<abbr title="North Atlantic">NATO</abbr> <blink>x</blink>')
    assert '<abbr title="North Atlantic">NATO</abbr>' in html
    assert "<blink>" not in html


def test_comment_profile_has_no_images_headings_or_html():
    """Comments get paragraphs, emphasis, links, code, quotes and lists only."""
    html = markup.render_markdown(
        "# Title\n\n![x](https://example.org/x.png) <b>bold</b> *em* [l](https://example.org)",
        profile=markup.COMMENT,
    )
    tags = {tag for tag, _ in elements(html)}
    assert tags <= {"p", "em", "a"}
    assert 'rel="nofollow ugc noopener"' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_comment_links_only_keep_safe_schemes():
    """ftp:, data: and javascript: links lose their href; mailto: and https: keep theirs."""
    html = markup.render_markdown(
        "[a](ftp://x.org/f) [b](mailto:me@example.org) [c](https://example.org) <https://x.org>",
        profile=markup.COMMENT,
    )
    hrefs = [attrs.get("href") for tag, attrs in elements(html) if tag == "a"]
    assert hrefs == ["mailto:me@example.org", "https://example.org", "https://x.org"]


def test_nul_characters_are_replaced():
    """NUL never reaches the stored HTML (PostgreSQL refuses it)."""
    assert "\x00" not in markup.render_markdown("a\x00b <scr\x00ipt>")
    assert markup.contains_nul("a\x00b") and not markup.contains_nul("ab")


def test_deep_nesting_is_bounded():
    """Thousands of nested quotes render without recursion errors."""
    html = markup.render_markdown(">" * 5000 + " x")
    assert html.count("<blockquote>") <= 100


def test_footnote_ids_use_the_anchor_prefix():
    """Two bodies on one page do not share footnote ids."""
    first = markup.render_markdown("a[^1]\n\n[^1]: n", context={"anchor_prefix": "s1"})
    second = markup.render_markdown("a[^1]\n\n[^1]: n", context={"anchor_prefix": "s2"})
    ids = lambda html: {a.get("id") for _, a in elements(html) if a.get("id")}  # noqa: E731
    assert ids(first) and not ids(first) & ids(second)


def test_registered_link_scheme_resolves_links():
    """Another app can turn ``scheme:target`` into a URL; unknown targets are reported."""

    def resolve(target, kind, context):
        if target != "known":
            raise markup.UnresolvedLink(f"No such thing: {target}")
        return markup.ResolvedLink(
            href=f"/go/{target}/?from={context['article_slug']}", rel="sponsored nofollow"
        )

    markup.register_link_scheme("testscheme", resolve)
    try:
        html = markup.render_markdown(
            "[ok](testscheme:known) [missing](testscheme:gone)", context={"article_slug": "a"}
        )
        assert '<a href="/go/known/?from=a" rel="sponsored nofollow">ok</a>' in html
        assert "missing" in html and "testscheme:gone" not in html
        assert markup.check_markdown("[m](testscheme:gone)") == ["No such thing: gone"]
        assert markup.check_markdown("[ok](testscheme:known)", context={"article_slug": "a"}) == []
    finally:
        markup._link_resolvers.pop("testscheme")


def test_built_in_schemes_cannot_be_hijacked():
    """Registering http or a malformed scheme is refused."""
    for scheme in ("http", "https", "mailto", "bad scheme"):
        with pytest.raises(ValueError):
            markup.register_link_scheme(scheme, lambda *args: None)


def test_sanitising_is_identical_across_threads():
    """Eight threads sanitising at once give byte-for-byte what one thread gives."""
    texts = [text for _, text in HOSTILE_INPUTS]
    expected = [markup.render_markdown(text, profile=markup.COMMENT) for text in texts]
    results: dict[int, list[str]] = {}
    barrier = threading.Barrier(8)

    def work(index):
        barrier.wait()
        results[index] = [markup.render_markdown(t, profile=markup.COMMENT) for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[i] == expected for i in range(8))
