"""Single rules of the draft detector for real drafts (issue 14), each on a small draft."""

from __future__ import annotations

import pytest

from blog.importer import plan_import
from tests.blog.import_drafts import assert_nothing_lost

pytestmark = pytest.mark.django_db


def plan(text: str, **options):
    result = plan_import(text, find_links=lambda names: {}, **options)
    assert_nothing_lost(text, result)
    return result


def reported(result) -> list[tuple[int, str]]:
    return [(item.line, item.reason.split(" (")[0]) for item in result.not_imported]


def headings(result) -> list[str]:
    return [section.display_heading for section in result.sections]


LEDE = "The lede says what happened on Monday. It runs to two sentences, as ledes do."
BODY = "A body paragraph, longer than any heading above it, with a full stop at its end."


# --- Titles and standfirsts --------------------------------------------------------------


def test_a_question_headline_over_the_page_byline_is_the_title():
    """ "Is NATO Ready…?" followed by a byline and a date: the title, not a paragraph."""
    result = plan(
        "Is NATO Ready for a Baltic Winter?\nJan Novak\nFeb 2, 2025\nShare\n"
        f"{LEDE}\nThe Plans\n{BODY}\n"
    )
    assert result.title == "Is NATO Ready for a Baltic Winter?"
    assert result.byline == "Jan Novak" and headings(result) == ["The Plans"]
    assert reported(result) == [(2, "byline"), (3, "date line"), (4, "platform chrome")]


def test_a_plain_sentence_case_line_under_the_title_is_the_standfirst():
    """Not italic, no page furniture: a sentence-case line of five words or more."""
    result = plan(
        f"Harbour Fees Rise Again\nWhy shipping lines are paying more this spring\n{LEDE}\n"
    )
    assert result.title == "Harbour Fees Rise Again"
    assert result.dek == "Why shipping lines are paying more this spring"
    assert result.intro == LEDE


def test_a_title_case_line_under_the_title_stays_a_section_heading():
    """ "Who Pays" under the title, over a longer paragraph: the first section, not a dek."""
    result = plan(f"Harbour Fees Rise Again\nWho Pays for the Harbour\n{BODY}\nWhat Next\n{BODY}\n")
    assert result.dek == "" and headings(result) == ["Who Pays for the Harbour", "What Next"]


def test_a_lone_level_two_heading_over_level_three_sections_is_the_title():
    """A single "##" over "###" sections is the title; the "###" are the sections."""
    result = plan(f"## The Ferry Question\n\n{LEDE}\n\n### One\n\n{BODY}\n\n### Two\n\n{BODY}\n")
    assert result.title == "The Ferry Question" and headings(result) == ["One", "Two"]


def test_subheadings_under_the_structuring_level_stay_in_the_body():
    """ "##" sections each with prose; a "###" inside one stays in its body."""
    text = f"# Title\n\n{LEDE}\n\n## One\n\n{BODY}\n\n### Detail\n\n{BODY}\n\n## Two\n\n{BODY}\n"
    result = plan(text)
    assert headings(result) == ["One", "Two"]
    assert "### Detail" in result.sections[0].body


def test_a_stray_top_heading_does_not_swallow_the_sections():
    """A "#" page title mid-draft over "##" sections: the "##" still structure the text."""
    text = f"{LEDE}\n\n# Archive copy\n\n## One\n\n{BODY}\n\n## Two\n\n{BODY}\n"
    result = plan(text)
    assert [s.display_heading for s in result.sections][-2:] == ["One", "Two"]
    assert len(result.sections) <= 3


# --- Headings ----------------------------------------------------------------------------


def test_a_numbered_line_between_paragraphs_is_a_heading_but_list_items_are_not():
    """ "1. Origins" alone is a heading (number kept); "1. … 2. …" together stay a list."""
    text = (
        f"{LEDE}\n1. Origins of the Dispute\n{BODY}\nThe terms were three:\n"
        "1. a fee;\n2. a quota;\n3. a deadline.\n"
        f"{BODY}\n2. What the Terms Mean\n{BODY}\n"
    )
    result = plan(text)
    assert headings(result) == ["1. Origins of the Dispute", "2. What the Terms Mean"]
    assert "1. a fee;\n2. a quota;\n3. a deadline." in result.sections[0].body


def test_a_single_sentence_case_question_is_a_paragraph():
    """One rhetorical question alone between paragraphs is not a heading."""
    result = plan(f"{LEDE}\nWhy does this matter?\n{BODY}\n")
    assert headings(result) == [] and "Why does this matter?" in result.intro


def test_a_long_sentence_case_line_is_a_paragraph():
    """More than twelve words, not in title case, no full stop: a paragraph, not a heading."""
    line = "and then there was the question of who would pay for the bridge after all"
    result = plan(f"{LEDE}\n{line.capitalize()}\n{BODY}\n")
    assert headings(result) == []


def test_corrections_flip_a_heading_and_a_paragraph():
    """as_paragraph turns a detected heading into text; as_heading makes a line a heading."""
    text = f"{LEDE}\nWhy does this matter?\n{BODY}\nWhat Next\n{BODY}\n"
    result = plan(text, as_heading={2}, as_paragraph={4})
    assert headings(result) == ["Why does this matter?"]
    assert result.sections[0].body == f"{BODY}\n\nWhat Next\n\n{BODY}"


# --- Hard wrap ---------------------------------------------------------------------------


def test_paragraphs_ending_in_footnote_markers_are_not_joined():
    """One paragraph per line, several ending in "[n]" or "²": never one run-on paragraph."""
    lines = [
        "The first paragraph ends with a marker after its full stop, as journals print it.[1]",
        "The second paragraph does the same, a little later in the argument of the piece.[2]",
        "A third one ends with a superscript marker that survived the copy and paste.³",
        "And the fourth ends plainly, with nothing after its final full stop at all.",
    ]
    result = plan("\n".join(lines) + "\n")
    assert len(result.intro.split("\n\n")) == 4


def test_long_lines_without_final_punctuation_are_whole_paragraphs():
    """Lines over 120 characters are never wrapped lines, whatever they end with."""
    long = "A paragraph that goes on well past any wrapping width an editor would use " * 2
    text = "\n".join([long.strip() + " and then", long.strip() + " but", long.strip()]) + "\n"
    assert len(plan(text).intro.split("\n\n")) == 3


# --- Footnotes ---------------------------------------------------------------------------


def test_notes_with_bare_numbers_under_a_notes_heading_become_footnotes():
    """ "Notes" then "1 Author…" (as copied from a PDF), markers as superscripts."""
    text = f"Title Here\n{LEDE}¹\nOne\n{BODY}²\nNotes\n1 First source, 2020.\n2 Second source.\n"
    result = plan(text)
    assert result.intro.endswith("ledes do.[^1]\n\n[^1]: First source, 2020.")
    assert result.sections[0].body.endswith("at its end.[^2]\n\n[^2]: Second source.")
    assert result.footnote_lines == (6, 7) and reported(result) == [(5, "notes heading")]


def test_notes_no_marker_refers_to_stay_as_written():
    """A numbered list at the end with no markers in the text and no heading: a list."""
    text = f"{LEDE}\nOne\n{BODY}\n1. First point of three.\n2. Second point.\n"
    result = plan(text)
    assert result.footnote_lines == () and result.list_lines == (4,)


def test_unreferenced_notes_stay_a_list_under_their_heading():
    """Notes 1 and 3 are referred to; note 2 is not: it stays, under "Notes"."""
    text = (
        f"{LEDE}[1]\nOne\n{BODY}[3]\nNotes\n1. First source.\n2. Second source.\n3. Third source.\n"
    )
    result = plan(text)
    assert result.footnote_lines == (5, 7)
    assert headings(result) == ["One", "Notes"]
    assert result.sections[1].body == "2. Second source."
    assert "[^3]: Third source." in result.sections[0].body


# --- Front matter ------------------------------------------------------------------------


def test_front_matter_that_does_not_parse_is_reported_and_unused():
    """Broken YAML: every line reported as such; the title comes from the text."""
    text = f"---\ntitle: [unclosed\ntags: a\n---\n# The Real Title\n\n{LEDE}\n"
    result = plan(text)
    assert result.title == "The Real Title" and result.tags == ()
    assert [line for line, _ in reported(result)] == [1, 2, 3, 4]
    assert "not valid YAML" in result.not_imported[1].reason


def test_front_matter_python_tags_are_refused_by_the_safe_loader():
    """ "!!python/object" is not constructed: the block is reported as not valid YAML."""
    text = "---\ntitle: !!python/object/apply:os.system ['true']\n---\n" + f"{LEDE}\n"
    result = plan(text)
    assert result.title == "" and "not valid YAML" in result.not_imported[0].reason


def test_front_matter_aliases_do_not_multiply_tags():
    """A YAML alias bomb in tags yields only the scalar tags, capped."""
    text = (
        f"---\ntitle: T\na: &a [x, y]\nb: &b [*a, *a, *a]\ntags: [*b, *b, one, two]\n---\n{LEDE}\n"
    )
    result = plan(text)
    assert result.tags == ("one", "two")


def test_jekyll_tags_as_a_string_are_split_on_spaces_or_commas():
    """ "tags: a b" is two tags (Jekyll); "tags: a b, c" is two tags split on the comma."""
    assert plan(f"---\ntitle: T\ntags: potash rail\n---\n{LEDE}\n").tags == ("potash", "rail")
    assert plan(f"---\ntitle: T\ntags: potash rail, ports\n---\n{LEDE}\n").tags == (
        "potash rail",
        "ports",
    )


def test_a_markdown_rule_at_the_top_is_not_front_matter():
    """ "---" then prose then "---": a rule and paragraphs, nothing reported as front matter."""
    result = plan(f"---\n{LEDE}\n---\n{BODY}\n")
    assert all(not item.reason.startswith("front matter") for item in result.not_imported)


# --- Bylines and bios --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["By Jane Doe | March 3, 2024", "Written by Jane Doe", "By Jane Doe, Senior Fellow"]
)
def test_byline_forms_under_the_title_are_reported(line):
    """Common byline forms right under the title are reported with the name as byline."""
    result = plan(f"Harbour Fees Rise Again\n{line}\n{LEDE}\n")
    assert result.byline == "Jane Doe" and reported(result) == [(2, "byline")]


def test_an_italic_bio_at_the_end_is_reported():
    """ "*Jane Doe is a correspondent based in Riga.*" closing the draft: an author bio."""
    result = plan(f"{LEDE}\nOne\n{BODY}\n*Jane Doe is a correspondent based in Riga.*\n")
    assert reported(result) == [(4, "author bio")]


def test_a_closing_paragraph_about_a_person_is_not_a_bio():
    """ "Putin is not a man who forgets." at the end is the article's, not a bio."""
    result = plan(
        f"{LEDE}\nOne\n{BODY}\nPutin is not a man who forgets a slight, or forgives it.\n"
    )
    assert reported(result) == []


def test_substack_notes_with_the_number_on_its_own_line_become_footnotes():
    """Markers glued to words ("Gulf1"), notes as "1" then the text: Markdown footnotes."""
    text = (
        "The Gulf After the Carriers\n"
        "The carriers left the Gulf1 in the spring, and the monarchies noticed at once. Their "
        "navies had been built for a world in which the carriers stayed.\n"
        "What Replaced Them\n"
        "Corvettes, drones and coastal missiles bought from three new suppliers.2\n"
        "1\nFirst source, 2021.\n2\nSecond source, 2023.\n"
    )
    result = plan(text)
    assert "the Gulf[^1] in the spring" in result.intro
    assert result.intro.endswith("[^1]: First source, 2021.")
    assert result.sections[0].body.endswith("suppliers.[^2]\n\n[^2]: Second source, 2023.")
    assert result.footnote_lines == (5, 7)


def test_converter_footnote_links_become_footnotes():
    """ "[1](#footnote-1)" in the text and "[1](#footnote-anchor-1) Source" at the end."""
    text = (
        "# Title\n\nThe lede cites a source.[1](#footnote-1) It says more.\n\n"
        "[1](#footnote-anchor-1) The source, 2020.\n"
    )
    result = plan(text)
    assert result.intro == "The lede cites a source.[^1] It says more.\n\n[^1]: The source, 2020."


# --- Pictures -----------------------------------------------------------------------------


def test_a_picture_on_another_server_is_reported_and_the_draft_still_imports(settings):
    """A WordPress archive's "![…](https://…/uploads/…)" line: reported, not a failed import."""
    text = (
        f"# Title\n\n{LEDE}\n\n![A harbour](https://example.com/wp-content/uploads/a.jpg)\n\n"
        f"[![Map](https://example.com/map.png)](https://example.com/map)\n\n## One\n\n{BODY}\n"
    )
    result = plan(text)
    assert [line for line, _ in reported(result)] == [5, 7]
    assert "picture on another server" in result.not_imported[0].reason
    assert result.intro == LEDE


def test_a_remote_picture_inside_a_paragraph_becomes_a_link():
    """Words around an inline picture are kept; the picture becomes a link to it."""
    text = f"{LEDE}\nSee the chart ![chart](https://example.com/c.png) for the figures.\n"
    result = plan(text)
    assert "See the chart [chart](https://example.com/c.png) for the figures." in result.intro
    assert reported(result) == []


def test_a_picture_uploaded_to_the_site_stays():
    """A picture under MEDIA_URL stays in the article as written."""
    text = f"{LEDE}\n\n![A harbour](/media/articles/a.jpg)\n"
    assert "![A harbour](/media/articles/a.jpg)" in plan(text).intro


def test_the_more_marker_is_reported():
    """Jekyll's and WordPress's "<!--more-->" excerpt marker is left out and reported."""
    result = plan(f"# Title\n\n{LEDE}\n\n<!--more-->\n\n{BODY}\n")
    assert reported(result) == [(5, "“more” marker")]


def test_front_matter_values_the_article_cannot_hold_are_reported_not_fatal():
    """A 400-character description and a 150-character tag: left out, the draft imports."""
    text = (
        f"---\ntitle: T\ndescription: {'Long words. ' * 40}\nsummary: Short.\n"
        f"tags: [ok, {'x' * 150}]\n---\n{LEDE}\n"
    )
    result = plan(text)
    assert result.dek == "" and result.tags == ("ok",)
    reasons = {item.line: item.reason for item in result.not_imported}
    assert "at most 300 characters" in reasons[3] and "not imported" in reasons[4]


def test_the_caption_of_a_remote_picture_is_left_out_with_it():
    """An italic caption or a credit right under a reported picture is reported too."""
    text = (
        f"# Title\n\n{LEDE}\n\n![Dockers](https://example.com/d.jpg)\n\n*Dockers at the gate*\n\n"
        f"## One\n\n{BODY}\n\n![Map](https://example.com/m.png)\n\nPhoto: Reuters\n\n{BODY}\n"
    )
    result = plan(text)
    picture, caption = "picture on another server", "caption of the picture left out"
    assert reported(result) == [(5, picture), (7, caption), (13, picture), (15, caption)]


def test_a_credit_line_is_never_a_heading():
    """ "Photo: Reuters" standing alone before a paragraph (the picture lost in pasting)."""
    result = plan(f"{LEDE}\nPhoto: Reuters\n{BODY}\nWhat Next\n{BODY}\n")
    assert headings(result) == ["What Next"] and "Photo: Reuters" in result.intro


def test_journal_masthead_and_season_dates_at_the_top_are_reported():
    """ "Vol. 12, No. 3" and "Spring 2024" over the article: furniture at the top."""
    result = plan(f"Gulf Security After the Carriers\nVol. 12, No. 3\nSpring 2024\n{LEDE}\n")
    assert result.title == "Gulf Security After the Carriers"
    assert reported(result) == [(2, "platform chrome"), (3, "date line")]


def test_a_headline_like_subtitle_over_a_date_is_not_a_byline():
    """ "The Reckoning" over a date line is a standfirst-like line, not a person."""
    result = plan(f"Korsk After the Vote\nThe Reckoning\nMarch 3, 2025\n{LEDE}\n")
    assert result.byline == "" and (2, "byline") not in reported(result)
