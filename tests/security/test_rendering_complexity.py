"""Threat: one paste takes the site down by making rendering take time faster than linear.

bleach's linkifier took time quadratic in the text (``'www.a.' * 4000``, 24 KB, took 20 s to
save), html5lib appended text token by token (100,000 ``&`` took seconds more at each
doubling), and the importer's Markdown-link pattern backtracked over a paste of ``[``. Bare
URLs are now found by markdown-it's linkify (linkify-it-py, fed in bounded pieces), text runs
are joined before html5lib builds its tree, the importer's pattern cannot backtrack, and every
long text has a limit the admin states and ``full_clean()`` enforces.

Speed is measured in ``bench/pathological.py`` (time at n and 10n for each renderer and
hostile shape), never here: these tests prove the behaviour the fast code must keep.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from affiliates.models import AffiliateLink, DisclosureSettings
from blog import linkify, markup
from blog.importer import plan_import
from blog.models import Article, Correction, Section, SectionKind
from comments.models import Comment, ModerationSettings
from newsroom.models import ProposedChange, Transition
from pages.models import Page
from tests import factories
from tests.affiliates.test_admin import link_form
from tests.blog.test_admin import article_form_data

pytestmark = pytest.mark.django_db

COMMENT_REL = 'rel="nofollow ugc noopener"'


def test_bare_urls_and_emails_become_links_with_the_articles_rel():
    """www., http(s):// and bare domains link with rel="noopener"; emails become mailto."""
    html = markup.render_markdown(
        "See www.example.org, https://example.net/a_b_c?d=1 and example.com. "
        "Write to press@example.org."
    )
    assert '<a href="http://www.example.org" rel="noopener">www.example.org</a>,' in html
    assert '<a href="https://example.net/a_b_c?d=1" rel="noopener">' in html
    assert '<a href="http://example.com" rel="noopener">example.com</a>.' in html
    assert '<a href="mailto:press@example.org">press@example.org</a>.' in html


def test_bare_urls_in_comments_get_nofollow_ugc_noopener(article):
    """A commenter's bare URL and email are links marked as user content."""
    comment = Comment.objects.create(
        article=article, name="Reader", email="r@example.org",
        body="Source: www.example.org or ask me@example.org",
    )  # fmt: skip
    assert f'<a href="http://www.example.org" {COMMENT_REL}>www.example.org</a>' in (
        comment.body_html
    )
    assert f'<a href="mailto:me@example.org" {COMMENT_REL}>' in comment.body_html


@pytest.mark.parametrize(
    "text",
    ["`www.example.org`", "```\nwww.example.org\n```", "    www.example.org",
     "Raw <code>www.example.org</code> code", "Raw <pre>www.example.org</pre> pre"],
)  # fmt: skip
def test_urls_inside_code_stay_text(text):
    """Code spans, fenced and indented code, and raw <code>/<pre> are never linkified."""
    html = markup.render_markdown(text)
    assert "<a" not in html and "www.example.org" in html


def test_refused_urls_lose_the_link_but_keep_the_text():
    """A javascript: link keeps its (formatted) text; ftp:// and //host stay plain text."""
    html = markup.render_markdown(
        '<a href="javascript:alert(1)">*kept*</a> ftp://files.example.org/x //cdn.example.org'
    )
    assert "<a" not in html and "javascript" not in html
    assert "<em>kept</em>" in html
    assert "ftp://files.example.org/x //cdn.example.org" in html


def test_explicit_links_keep_their_rel_and_comments_force_theirs(article):
    """Markdown links in articles get noopener; comments cannot choose their own rel."""
    assert 'rel="noopener"' in markup.render_markdown("[x](https://example.org)")
    comment = Comment.objects.create(
        article=article, name="R", email="r@example.org",
        body='[x](https://example.org "t") <a href="https://e.org" rel="me">y</a>',
    )  # fmt: skip
    html = comment.body_html
    assert html.count("<a ") == html.count(COMMENT_REL) == 2 and 'rel="me"' not in html


def test_links_are_found_across_the_linkifiers_pieces():
    """A long text is linkified in pieces; every URL is found, with the right text and href."""
    words = [f"www.site{number}.org" if number % 7 == 0 else "word" for number in range(3000)]
    html = markup.render_markdown(" ".join(words))
    for number in range(0, 3000, 7):
        assert f'<a href="http://www.site{number}.org" rel="noopener">www.site{number}.org</a>' in (
            html
        )
    assert html.count("<a ") == len(range(0, 3000, 7))


def test_a_word_longer_than_any_url_stays_text():
    """'www.a.' * 4000 (the reported 24 KB body) renders as text, not as one huge link."""
    text = "www.a." * 4000
    html = markup.render_markdown(text)
    assert "<a" not in html and text in html
    assert len(text) > linkify.MAX_LINK_LENGTH


@pytest.mark.parametrize(
    ("text", "expected"),
    [("&" * 3000, "&amp;" * 3000), ("<" * 3000, "&lt;" * 3000), ("a &b " * 500, "a &amp;b " * 499),
     ("_a" * 2000, "_a" * 2000), ("|" * 3000, "|" * 3000)],
)  # fmt: skip
def test_long_runs_of_special_characters_render_exactly(text, expected):
    """Joining html5lib's text tokens changes no output: each character is kept, escaped."""
    assert expected in markup.render_markdown(text)


def test_importer_keeps_a_paste_of_brackets(kinds):
    """30,000 "[" (13 s before the Markdown-link pattern was fixed) are kept as text."""
    plan = plan_import("# Title\n\nA lede.\n\n" + "[" * 30_000)
    assert "[" * 30_000 in plan.intro


# --- limits -----------------------------------------------------------------------------------


def test_section_body_over_100000_characters_is_refused_by_the_admin(editor_client, editor):
    """The admin says the limit (maxlength) and refuses a longer body, keeping what was typed."""
    add_url = reverse("admin:blog_article_add")
    assert 'maxlength="100000"' in editor_client.get(add_url).content.decode()
    body = "word " * 20_001
    data = article_form_data(editor, [("section", "Too Long", body)])
    response = editor_client.post(add_url, data)
    assert response.status_code == 200
    assert "at most 100000 characters" in response.content.decode()
    assert not Article.objects.exists()
    data = article_form_data(editor, [("section", "Just Right", "word " * 20_000)])
    assert editor_client.post(add_url, data).status_code == 302


def test_lede_over_100000_characters_is_refused_by_the_admin(editor_client, editor):
    """The lede has the same limit in the admin form."""
    data = article_form_data(editor, [], intro="x" * 100_001)
    response = editor_client.post(reverse("admin:blog_article_add"), data)
    assert "at most 100000 characters" in response.content.decode()
    assert not Article.objects.exists()


def test_every_long_text_is_bounded_by_full_clean(editor, kinds):
    """Outside the admin (shell, services, imports), full_clean() enforces each limit."""
    article = factories.make_article(author=editor)
    cases = [
        (Section(article=article, kind=SectionKind.objects.first(), body="x" * 100_001), "body"),
        (Article(title="T", slug="t", author=editor, intro="x" * 100_001), "intro"),
        (SectionKind(name="K", slug="k", guidance="x" * 1_001), "guidance"),
        (DisclosureSettings(text="x" * 5_001), "text"),
        (AffiliateLink(name="L", slug="l", destination_url="https://e.org", notes="x" * 5_001),
         "notes"),
        (Comment(article=article, name="R", email="r@example.org", body="x" * 5_001), "body"),
        (ModerationSettings(blocked_words="x" * 20_001), "blocked_words"),
        (ModerationSettings(blocked_emails="x" * 20_001), "blocked_emails"),
        (ModerationSettings(blocked_ips="x" * 20_001), "blocked_ips"),
        (Correction(article=article, note="x" * 5_001), "note"),
        (Transition(article=article, note="x" * 5_001), "note"),
        (ProposedChange(article=article, note="x" * 5_001), "note"),
        (Page(title="About", path="/about/", body="x" * 100_001), "body"),
    ]  # fmt: skip
    for instance, field in cases:
        with pytest.raises(ValidationError) as error:
            instance.full_clean()
        assert field in error.value.message_dict, (type(instance).__name__, field)


def test_disclosure_text_limit_is_stated_and_enforced_in_the_admin(admin_client_logged):
    """The owner's disclosure form shows the limit and refuses a longer text."""
    DisclosureSettings.load().save()
    url = reverse("admin:affiliates_disclosuresettings_change", args=[1])
    assert 'maxlength="5000"' in admin_client_logged.get(url).content.decode()
    form = {"title": "Disclosure", "text": "x" * 5_001, "placement": "top"}
    response = admin_client_logged.post(url, form)
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()


def test_affiliate_notes_limit_is_enforced_in_the_admin(admin_client_logged):
    """Private notes are bounded too."""
    url = reverse("admin:affiliates_affiliatelink_add")
    response = admin_client_logged.post(url, link_form(notes="x" * 5_001))
    assert "at most 5000 characters" in response.content.decode()
    assert not AffiliateLink.objects.exists()


@pytest.fixture
def article(db):
    return factories.make_article()
