"""Importing drafts: what the detector finds in each kind of draft, and the command."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from blog.importer import DraftError, plan_import, report_lines
from blog.models import Article, Section, SectionKind
from tests import factories
from tests.blog.import_drafts import assert_nothing_lost, draft, fixture_names
from tests.blog.import_shapes import SHAPES

pytestmark = pytest.mark.django_db

SAMPLE_HEADINGS = factories.SAMPLE_HEADINGS
DISCLOSURE, PROMO, CHROME = "disclosure", "promo line", "platform chrome"
SEPARATOR = "separator after the last paragraph"

# What each fixture must come out as. "not_imported": (line, reason up to its first " (").
EXPECTED = {
    "sample-layout.txt": {
        "title": "",
        "dek": "",
        "intro": ["Velmora freed 31 detained journalists on Tuesday"],
        "sections": SAMPLE_HEADINGS,
        "quotes": (12,),
        "lists": (),
        "not_imported": [(21, DISCLOSURE), (22, DISCLOSURE), (23, PROMO), (26, CHROME)],
    },
    "markdown-titled.md": {
        "title": "Harbour Deal Tests Old Friendships",
        "dek": "A port contract in Tarvel shows how far Korsk will go to find new partners.",
        "intro": ["The government in Korsk signed", "Officials called it a *purely commercial*"],
        "sections": [
            ("deep-dive", "Deep Dive: The Port Contract"),
            ("section", "What the Neighbours Say"),
            ("conclusion", "Conclusion"),
        ],
        "quotes": (23,),
        "lists": (13, 30),
        "not_imported": [],
    },
    "plain-colons.txt": {
        "title": "Korsk Reopens Its Border Crossings",
        "dek": "",
        "intro": ["Three crossings into Latvia reopened at dawn"],
        "sections": [
            ("deep-dive", "Deep Dive: Why the Crossings Closed"),
            ("prophetic-context", "Prophetic Context"),
            ("strategic-implications", "Strategic Implications"),
            ("conclusion", "Conclusion"),
        ],
        "quotes": (13,),
        "lists": (6,),
        "not_imported": [],
    },
    "disclosure-top.txt": {
        "title": "Lorries, Potash and a Quiet Deal",
        "dek": "",
        "intro": ["A trade agreement signed in Korsk without ceremony"],
        "sections": [
            ("section", "The Terms"),
            ("section", "Who Loses"),
            ("conclusion", "Conclusion"),
        ],
        "quotes": (),
        "lists": (),
        "not_imported": [(1, DISCLOSURE)] + [(line, CHROME) for line in range(10, 16)],
    },
    "crlf-nonascii.txt": {
        "title": "Łukasz Żebrowski’s Quiet Mission to Vilnius",
        "dek": "",
        "intro": [
            "When the Polish envoy Łukasz Żebrowski landed in Vilnius on Sunday, few noticed —",
            "His brief was narrow: to test whether Korsk would let the Red Cross visit the "
            "40\u00a0prisoners still held at Škirotava – a camp",
        ],
        "sections": [
            ("section", "The Škirotava List"),
            ("deep-dive", "Deep Dive: The Red Cross Channel"),
            ("strategic-implications", "Strategic Implications"),
            ("conclusion", "Conclusion"),
        ],
        "quotes": (7,),
        "lists": (),
        "not_imported": [(14, CHROME)],
    },
    "newsletter-export.md": {
        "title": "The Korsk Letter: Week 32",
        "dek": "",
        "intro": ["Another week, another reshuffle", "Share prices at the state potash"],
        "sections": [
            ("section", "Who Is Out"),
            ("section", "Who Is In"),
            ("conclusion", "Conclusion"),
        ],
        "quotes": (),
        "lists": (),
        "not_imported": [(19, SEPARATOR), (21, CHROME), (23, CHROME), (25, CHROME), (27, CHROME)],
    },
    "hard-wrapped.md": {
        "title": "Grain Corridor Talks Stall in Istanbul",
        "dek": "",
        "intro": [
            "Negotiators from Velmora, Ukraine and Turkey broke off talks on a Black\nSea grain",
            "The Velmoran delegation wanted its own inspectors on every ship; Kyiv\nrefused",
        ],
        "sections": [
            ("deep-dive", "Deep Dive: The Inspection Dispute"),
            ("strategic-implications", "Strategic Implications"),
        ],
        "quotes": (),
        "lists": (),
        "not_imported": [],
    },
    "unknown-headings.txt": {
        "title": "",
        "dek": "",
        "intro": ["Velmora’s parliament met for eleven minutes on Tuesday"],
        "sections": [
            ("section", "Analysis: A Parliament in Name"),
            ("section", "What the Budget Reveals"),
            ("section", "Numbers Worth Remembering"),
        ],
        "quotes": (),
        "lists": (7, 11),
        "not_imported": [(15, CHROME), (16, CHROME)],
    },
    "owner-kind.txt": {
        "title": "Ninety Days That Changed Korsk",
        "dek": "",
        "intro": ["It began with a petition", "Few governments in the region"],
        "sections": [
            ("section", "Timeline"),
            ("section", "What Changed"),
            ("conclusion", "Conclusion"),
        ],
        "quotes": (10,),
        "lists": (),
        "not_imported": [(14, DISCLOSURE), (15, PROMO)],
    },
    "setext-code.md": {
        "title": "Sanctions Tracker: What Changed in June",
        "dek": "",
        "intro": ["This month’s changes to the sanctions lists", "| List | Added | Removed |"],
        "sections": [("section", "Method"), ("section", "Further Reading")],
        "quotes": (),
        "lists": (),
        "not_imported": [(4, DISCLOSURE)],
    },
}


def structure(plan):
    return {
        "title": plan.title,
        "dek": plan.dek,
        "sections": [(s.kind_slug, s.display_heading) for s in plan.sections],
        "quotes": plan.quote_lines,
        "lists": plan.list_lines,
        "not_imported": [(item.line, item.reason.split(" (")[0]) for item in plan.not_imported],
    }


def no_links(names):
    return {}


def bodies(plan) -> str:
    return "\n".join([plan.intro, *(section.body for section in plan.sections)])


# --- The detector, on every fixture ----------------------------------------------------------


def test_every_fixture_has_an_expectation():
    """Each draft under fixtures/import/ is checked below (and there are at least nine)."""
    assert sorted(EXPECTED | SHAPES) == fixture_names()
    assert len(EXPECTED) >= 9 and len(SHAPES) >= 6


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_read_as_expected(name):
    """Title, standfirst, kinds and headings in order, quotes, lists and report reasons."""
    expected = EXPECTED[name]
    plan = plan_import(draft(name), find_links=no_links)
    assert structure(plan) == {key: value for key, value in expected.items() if key != "intro"}
    paragraphs = plan.intro.split("\n\n")
    assert len(paragraphs) >= len(expected["intro"])
    for paragraph, start in zip(paragraphs, expected["intro"], strict=False):
        assert paragraph.startswith(start), (paragraph, start)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_loses_no_line(name):
    """Every non-empty line is in the article or in the report with its reason."""
    text = draft(name)
    assert_nothing_lost(text, plan_import(text, find_links=no_links))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reported_lines_are_not_in_the_article(name):
    """What the report names as left out (disclosure, promo, chrome) is in no lede or body."""
    plan = plan_import(draft(name), find_links=no_links)
    text = bodies(plan)
    for item in plan.not_imported:
        assert item.text not in text, item


# --- The sample's layout ---------------------------------------------------------------------


def test_sample_layout_gives_six_typed_sections_and_keeps_labels_as_headings():
    """Typed kinds named by their heading store "" (the label is the heading)."""
    plan = plan_import(draft("sample-layout.txt"), find_links=no_links)
    assert [(s.kind_slug, s.heading) for s in plan.sections] == factories.SAMPLE_SECTIONS


def test_sample_layout_quote_after_a_colon_becomes_a_blockquote():
    """The quoted line after "…was short:" is a `>` blockquote, with its curly quotes."""
    plan = plan_import(draft("sample-layout.txt"), find_links=no_links)
    body = plan.sections[2].body
    assert "was short:\n\n> “We will not accept our skies being used as a testing ground.”" in body


def test_colon_line_before_an_ordinary_sentence_stays_a_paragraph():
    """A colon line ("…their prisoners:") before a plain sentence: two paragraphs."""
    plan = plan_import(draft("sample-layout.txt"), find_links=no_links)
    assert plan.sections[3].body == (
        "History offers a familiar pattern for regimes that bargain with the lives of their "
        "prisoners:\n\nPower that rests on fear eventually runs out of people to frighten, and "
        "then the bargaining begins."
    )


def test_sample_layout_drops_disclosure_promo_and_chrome_from_the_body():
    """No disclosure text, promo or "Leave a comment" anywhere in the article."""
    plan = plan_import(draft("sample-layout.txt"), find_links=no_links)
    text = bodies(plan)
    for words in ("Affiliate Disclosure", "commission", "Northwind Teas", "Leave a comment"):
        assert words not in text


def test_report_lists_title_sections_quotes_and_what_was_left_out():
    """The printed report: title, numbered sections with kinds, counts, lines not imported."""
    plan = plan_import(draft("sample-layout.txt"), title="Velmora Frees 31", find_links=no_links)
    lines = report_lines(plan)
    assert lines[:10] == [
        "Title: Velmora Frees 31 (given)",
        "Lede: 1 paragraph(s)",
        "Sections: 6",
        "  1. [section] Prisoner Releases Signal Diplomatic Shift (line 2)",
        "  2. [deep-dive] Deep Dive: Sanctions Relief and Strategic Calculations (line 6)",
        "  3. [section] Geopolitical Pressure Intensifies (line 10)",
        "  4. [prophetic-context] Prophetic Context (line 14)",
        "  5. [strategic-implications] Strategic Implications (line 17)",
        "  6. [conclusion] Conclusion (line 19)",
        "Quotes: 1 (line 12)",
    ]
    assert "Lists: 0" in lines
    assert "Not imported: 4 line(s)" in lines
    assert "  line 21: “Affiliate Disclosure:” — disclosure (the site shows its own)" in lines
    assert "  line 26: “Leave a comment” — platform chrome" in lines


# --- Single rules ---------------------------------------------------------------------------


def test_a_kind_the_owner_adds_is_recognised_without_code():
    """A new SectionKind "Timeline" turns the "Timeline" line into a typed section."""
    SectionKind.objects.create(name="Timeline", slug="timeline", label="Timeline", position=50)
    plan = plan_import(draft("owner-kind.txt"), find_links=no_links)
    assert (plan.sections[0].kind_slug, plan.sections[0].heading) == ("timeline", "")


def test_kind_names_match_in_any_case_with_a_colon_and_in_kind_heading_form():
    """Kind names match in any case, with a colon, and as "deep dive: Own Heading"."""
    text = (
        "The lede, long enough to be a paragraph of its own in this draft.\n"
        "deep dive: The Ledger\nA body paragraph that is longer than its heading.\n"
        "Prophetic context\nAnother body paragraph, longer than the heading above.\n"
        "CONCLUSION:\nShort end.\n"
    )
    plan = plan_import(text, find_links=no_links)
    assert [(s.kind_slug, s.heading) for s in plan.sections] == [
        ("deep-dive", "The Ledger"),
        ("prophetic-context", ""),
        ("conclusion", ""),
    ]


def test_platform_buttons_mid_article_are_reported_but_words_in_sentences_kept():
    """A "Share" or "Subscribe" line mid-article is the page's button, reported; the same
    words in a sentence, and a lone "Facebook" between paragraphs, stay in the article."""
    text = (
        "The lede paragraph of this short draft. It is about a newsletter and its readers.\n"
        "Share\n"
        "Readers could share the first message, or subscribe to the second, sent weekly.\n"
        "Subscribe\n"
        "And that was the second, sent a week later to the same eleven readers.\n"
        "Facebook\n"
        "It was never posted anywhere else, not even where the readers were.\n"
        "Leave a comment\n"
    )
    plan = plan_import(text, find_links=no_links)
    assert [(item.line, item.reason) for item in plan.not_imported] == [
        (2, CHROME),
        (4, "platform chrome (paywall or sign-up notice)"),
        (8, CHROME),
    ]
    assert "Readers could share the first message, or subscribe" in bodies(plan)
    assert "Facebook" in bodies(plan) or [s.heading for s in plan.sections] == ["Facebook"]


def test_a_paragraph_about_the_commission_in_the_body_is_kept():
    """Only at the top or the end is a paragraph mentioning commissions a disclosure."""
    text = (
        "Brussels moved first this week, and the capitals followed.\n"
        "The European Commission said it would buy fewer gas cargoes, and it linked the "
        "purchases to the new sanctions package.\n"
        "Conclusion\nThe Commission has the last word.\n"
    )
    plan = plan_import(text, find_links=no_links)
    assert "The European Commission said" in plan.intro
    assert plan.not_imported == ()


def test_given_title_replaces_the_title_line_and_says_so():
    """--title over a draft with a headline: the headline line is reported, not lost."""
    plan = plan_import(draft("plain-colons.txt"), title="Border Open Again", find_links=no_links)
    assert plan.title == "Border Open Again" and plan.title_given
    assert [(i.line, i.reason) for i in plan.not_imported] == [
        (1, "title line (replaced by the title you gave)")
    ]


def test_given_title_equal_to_the_headline_is_the_headline():
    """Giving the title the draft already has changes nothing in the report."""
    plan = plan_import(
        draft("plain-colons.txt"), title="Korsk Reopens Its Border Crossings", find_links=no_links
    )
    assert plan.title_line == 1 and not plan.title_given and plan.not_imported == ()


def test_promo_line_is_offered_as_a_product_box_when_a_link_has_its_name():
    """A link named like the promo (any case) becomes a product offer in the plan."""
    plan = plan_import(
        draft("sample-layout.txt"),
        find_links=lambda names: {"northwind teas": 41} if "Northwind Teas" in names else {},
    )
    assert [(o.name, o.line, o.link_id) for o in plan.products] == [("Northwind Teas", 23, 41)]
    promo = next(item for item in plan.not_imported if item.line == 23)
    assert "Northwind Teas" in promo.reason and "product box" in promo.reason


def test_markdown_section_without_text_is_reported():
    """A "## A" straight before "## B" has no body: reported, not created."""
    plan = plan_import("# Title\n\nLede.\n\n## A\n\n## B\n\nText of B.\n", find_links=no_links)
    assert [s.display_heading for s in plan.sections] == ["B"]
    assert [(i.line, i.reason.split(" (")[0]) for i in plan.not_imported] == [
        (5, "heading with no text under it")
    ]


def test_only_level_three_headings_are_sections_when_there_are_no_level_two():
    """A draft using ### throughout has those as its sections."""
    plan = plan_import("Lede line.\n\n### One\n\nBody one.\n\n### Two\n\nBody two.\n")
    assert [s.display_heading for s in plan.sections] == ["One", "Two"]


def test_straight_double_quotes_and_hyphen_attribution_make_one_blockquote():
    """A quoted line then "- Name": one blockquote, the hyphen escaped (not a list)."""
    plan = plan_import(draft("owner-kind.txt"), find_links=no_links)
    assert plan.sections[1].body.endswith(
        '> "Nobody in this country should have to choose between bread and heat."\n'
        "> \\- Dana Voss, prime minister"
    )


def test_bullets_become_markdown_list_items():
    """Lines starting with "•" become "- " items of one list."""
    plan = plan_import(draft("plain-colons.txt"), find_links=no_links)
    assert "\n\n- cigarette smuggling through the forests near Rezne;\n- a shortage" in (
        plan.sections[0].body
    )


def test_bold_headings_guillemet_quotes_and_plus_lists():
    """A whole-line **bold** heading, a «…» quotation and "+" items are read as such."""
    text = (
        "The lede of a short draft about a speech in Korsk on Monday evening.\n"
        "**What He Said**\n"
        "The president spoke for an hour and ended with a line for the cameras:\n"
        "«Nous resterons neutres.»\n"
        "+ neutrality first;\n"
        "+ trade second.\n"
    )
    plan = plan_import(text, find_links=no_links)
    assert [(s.kind_slug, s.heading) for s in plan.sections] == [("section", "What He Said")]
    assert "\n\n> «Nous resterons neutres.»\n\n+ neutrality first;\n+ trade second." in (
        plan.sections[0].body
    )
    assert len(plan.quote_lines) == 1 and len(plan.list_lines) == 1


def test_hard_wrapped_plain_text_is_joined_into_paragraphs():
    """Plain text wrapped at 70 columns: lines of a paragraph join; headings stand alone."""
    text = (
        "Velmora's central bank raised its main rate by two points on Friday, the\n"
        "third rise this year, as the currency fell to a record low against the\n"
        "euro and importers queued for dollars at the few banks that had any.\n"
        "\n"
        "What the Bank Fears\n"
        "\n"
        "Officials worry less about prices than about deposits: savers moved a\n"
        "fifth of their money abroad in the spring, most of it to Vilnius.\n"
    )
    plan = plan_import(text, find_links=no_links)
    assert plan.intro.count("\n\n") == 0 and plan.intro.startswith("Velmora's central bank")
    assert [s.display_heading for s in plan.sections] == ["What the Bank Fears"]
    assert plan.sections[0].body.endswith("most of it to Vilnius.")


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("  \n\n ", "empty"), ("Title\nBody\x00", "NUL")],
)
def test_unreadable_drafts_are_refused(text, message):
    """An empty draft or one with NUL characters is a DraftError with a clear message."""
    with pytest.raises(DraftError, match=message):
        plan_import(text)


# --- The command -----------------------------------------------------------------------------


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_superuser("owner", "owner@example.com", "x")


def run(*args, stdin=None) -> str:
    out = io.StringIO()
    call_command("import_article", *args, stdout=out, stdin=stdin)
    return out.getvalue()


def fixture_path(name):
    from tests.blog.import_drafts import FIXTURES

    return str(FIXTURES / name)


def test_command_imports_the_sample_layout_as_a_draft_with_six_sections(owner):
    """One command: a draft Article with the six typed sections, the quote, no disclosure."""
    output = run(fixture_path("sample-layout.txt"), "--title", "Velmora Frees 31 Journalists")
    article = Article.objects.get()
    assert isinstance(article, Article)
    assert article.status == Article.Status.DRAFT and not article.is_public
    assert article.author == owner and article.slug == "velmora-frees-31-journalists"
    sections = list(article.sections.select_related("kind"))
    assert [(s.kind.slug, s.display_heading) for s in sections] == SAMPLE_HEADINGS
    assert [s.position for s in sections] == [1, 2, 3, 4, 5, 6]
    assert "<blockquote>" in sections[2].body_html
    stored = article.intro + "".join(s.body for s in sections)
    assert "commission" not in stored and "Northwind" not in stored and "Leave a" not in stored
    assert "Sections: 6" in output and "[deep-dive] Deep Dive: Sanctions Relief" in output
    assert "line 26: “Leave a comment” — platform chrome" in output
    assert "Created draft “Velmora Frees 31 Journalists”" in output


def test_command_publish_makes_the_article_public(owner):
    """--publish: published now, visible to readers."""
    run(fixture_path("plain-colons.txt"), "--publish")
    article = Article.objects.get()
    assert article.is_public
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_command_tags_and_author(owner):
    """--tags a,b tags the article; --author USERNAME makes that user the author."""
    writer = factories.make_user(username="talenko")
    run(fixture_path("plain-colons.txt"), "--tags", "borders, Latvia,,", "--author", "talenko")
    article = Article.objects.get()
    assert sorted(article.tags.names()) == ["Latvia", "borders"]
    assert article.author == writer


def test_command_unknown_author_is_an_error(owner):
    """--author with no such user: CommandError, nothing created."""
    with pytest.raises(CommandError, match="No user with the username “ghost”"):
        run(fixture_path("plain-colons.txt"), "--author", "ghost")
    assert not Article.objects.exists()


def test_command_without_author_or_superuser_is_an_error(db):
    """No --author and no superuser to default to: a clear CommandError."""
    with pytest.raises(CommandError, match="--author"):
        run(fixture_path("plain-colons.txt"))


def test_command_reads_standard_input(owner):
    """PATH "-" reads the draft from standard input."""
    output = run("-", stdin=io.StringIO(draft("markdown-titled.md")))
    article = Article.objects.get()
    assert article.title == "Harbour Deal Tests Old Friendships"
    assert article.dek.startswith("A port contract in Tarvel")
    assert article.sections.count() == 3
    assert "Title: Harbour Deal Tests Old Friendships (line 1)" in output


def test_command_missing_file_is_an_error(owner, tmp_path):
    """A path that does not exist: CommandError naming it."""
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.txt"))


def test_command_without_a_title_asks_for_one(owner):
    """The sample's layout has no headline: CommandError pointing to --title, nothing saved."""
    with pytest.raises(CommandError, match="--title"):
        run(fixture_path("sample-layout.txt"))
    assert not Article.objects.exists()


def test_command_refuses_a_file_that_is_not_utf8(owner, tmp_path):
    """Latin-1 bytes: an error saying the draft is not UTF-8."""
    path = tmp_path / "draft.txt"
    path.write_bytes("Caf\xe9 Politics\nA paragraph here.\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(path))


def test_command_refuses_a_file_over_one_megabyte(owner, tmp_path):
    """More than 1 MB: refused before anything is parsed."""
    path = tmp_path / "big.txt"
    path.write_bytes(b"A line of text.\n" * 70_000)
    with pytest.raises(CommandError, match="larger than 1 MB"):
        run(str(path))


def test_command_second_import_gets_a_new_slug(owner):
    """Importing the same draft twice makes two articles with distinct slugs."""
    run(fixture_path("plain-colons.txt"))
    run(fixture_path("plain-colons.txt"))
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert slugs == ["korsk-reopens-its-border-crossings", "korsk-reopens-its-border-crossings-2"]


def test_command_saves_all_or_nothing(owner):
    """A section that fails validation (heading over 200 characters) leaves no article."""
    text = f"# Title Here\n\nLede.\n\n## {'Long ' * 50}\n\nBody.\n"
    with pytest.raises(CommandError, match="Section 1"):
        run("-", stdin=io.StringIO(text))
    assert not Article.objects.exists() and not Section.objects.exists()


def test_command_refuses_a_draft_with_nothing_left_to_import(owner):
    """Only a disclosure and chrome: an error, not an empty article."""
    text = "Disclosure: links may earn me a commission.\nShare\nLeave a comment\n"
    with pytest.raises(CommandError, match="no text to import"):
        run("-", "--title", "Empty", stdin=io.StringIO(text))
    assert not Article.objects.exists()
