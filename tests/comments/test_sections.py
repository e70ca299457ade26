"""Comments that answer a section: the Respond link, the section recorded and shown, the
thread filtered to a section, and each section's count in the table of contents."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Article, Section
from comments import moderation
from comments.models import Comment
from tests import factories
from tests.comments.support import approved, comment_form, post_comment, rules

pytestmark = pytest.mark.django_db

BODY = "Your strategic implications ignore the insurers of the harbour."


@pytest.fixture
def article(db):
    """The commentary sample: six sections, "Strategic Implications" the fifth."""
    return factories.make_article(
        title="Harbour Talks Reopen",
        sections=[
            (kind, heading, f"Text of {kind}.") for kind, heading in factories.SAMPLE_SECTIONS
        ],
    )


def section_of(article, kind="strategic-implications") -> Section:
    return article.sections.get(kind__slug=kind)


def page(client, article, query="") -> str:
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def section_html(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


def toc_html(html: str) -> str:
    start = html.index('<nav class="toc"')
    return html[start : html.index("</nav>", start)]


def respond_href(html: str, anchor: str) -> str:
    found = re.search(r'class="section-respond-link" href="([^"]+)"', section_html(html, anchor))
    assert found, f"no Respond link in section {anchor}"
    return found.group(1).replace("&amp;", "&")


# --- answering a section, without JavaScript ---------------------------------------------


def test_every_section_ends_with_a_respond_link(client, article):
    """Each section's last element is its "Respond to this section" link."""
    html = page(client, article)
    blocks = re.findall(r'<section id="[^"]+" class="article-section.*?</section>', html, re.S)
    sections = list(article.sections.all())
    assert len(blocks) == len(sections) == 6
    for block, section in zip(blocks, sections, strict=True):
        ending = (
            rf'data-respond-section="{section.pk}"[^>]*>Respond to this section'
            r"</a></p>\s*</section>$"
        )
        assert re.search(ending, block), block[-400:]


def test_respond_link_sets_up_the_form_without_javascript(client, article, clock):
    """Following the link gives the form for that section ("Responding to: …"); posting
    it records the section, and the reader lands on their comment showing "on …"."""
    strategic = section_of(article)
    href = respond_href(page(client, article), "strategic-implications")
    assert href == f"{article.get_absolute_url()}?respondto={strategic.pk}#respond"
    html = page(client, article, href.split("#")[0][len(article.get_absolute_url()) :])
    responding = re.search(r'<p class="comment-responding-to">(.*?)</p>', html, re.S)
    assert responding and "Responding to:" in responding.group(1)
    assert '<a href="#strategic-implications" data-section-name>Strategic Implications</a>' in (
        responding.group(1)
    )
    assert comment_form(html)["fields"]["section"] == str(strategic.pk)

    query = href.split("#")[0][len(article.get_absolute_url()) :]
    response = post_comment(client, article, clock, query=query, body=BODY)
    comment = Comment.objects.get()
    assert comment.section == strategic
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    html = client.get(response["Location"]).content.decode()
    mine = html[html.index(f'id="comment-{comment.pk}"') :]
    mine = mine[: mine.index("</li>")]
    assert BODY in mine and "awaiting moderation" in mine.lower()
    assert 'on <a href="#strategic-implications">Strategic Implications</a>' in mine


def test_a_plain_comment_answers_the_whole_article(client, article, clock):
    """Without the link the form carries no section, and the comment shows no "on …"."""
    html = page(client, article)
    assert comment_form(html)["fields"]["section"] == ""
    assert '<p class="comment-responding-to" hidden>' in html
    post_comment(client, article, clock, body=BODY)
    comment = Comment.objects.get()
    assert comment.section is None
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert 'class="comment-on"' not in page(Client(), article)


def test_a_section_of_another_article_is_refused_and_the_text_kept(client, article, clock):
    """A forged section id from another article stores nothing; the form comes back with
    an error, the text, and no section (so sending it again answers the whole article)."""
    elsewhere = factories.make_article(sections=factories.standard_sections())
    foreign = elsewhere.sections.first()
    response = post_comment(client, article, clock, body=BODY, section=str(foreign.pk))
    assert response.status_code == 303 and response["Location"].endswith("#respond")
    assert not Comment.objects.exists()
    html = page(client, article)
    assert "no longer in this article" in html
    kept = comment_form(html)
    assert kept["fields"]["body"] == BODY and kept["fields"]["section"] == ""


@pytest.mark.parametrize("value", ["abc", "-3", "0", "1.5", "9" * 30, "1 OR 1=1", "\x00"])
def test_hostile_section_values_are_refused_cleanly(client, article, clock, value):
    """Anything but an id of one of the article's sections is refused with a message."""
    response = post_comment(client, article, clock, body=BODY, section=value)
    assert response.status_code == 303
    assert not Comment.objects.exists()
    html = page(client, article)
    assert "no longer in this article" in html
    assert comment_form(html)["fields"] == {
        **comment_form(html)["fields"],
        "body": BODY,
        "section": "",
    }


@pytest.mark.parametrize("value", ["abc", "-3", "99999", "9" * 30, "<script>"])
def test_hostile_respondto_values_leave_the_form_for_the_whole_article(client, article, value):
    """An unknown section in the link's parameter selects nothing and breaks nothing."""
    html = page(client, article, f"?respondto={value}")
    assert comment_form(html)["fields"]["section"] == ""
    assert "<script>" not in html.split('id="comments"')[1]


def test_a_reply_answers_what_its_parent_answers(client, article, clock):
    """A reply records its parent's section, whatever the form says, so threads stay whole."""
    strategic, conclusion = section_of(article), section_of(article, "conclusion")
    parent = approved(article, section=strategic, body="On the implications.")
    post_comment(
        client, article, clock, query=f"?replyto={parent.pk}", reply_to=str(parent.pk),
        section=str(conclusion.pk), body=BODY,
    )  # fmt: skip
    assert Comment.objects.get(body=BODY).section == strategic


def test_section_is_kept_when_renamed_and_moved_and_dropped_when_deleted(client, article):
    """The comment points at the section itself: a new heading and place show at once; a
    deleted section leaves the comment answering the whole article."""
    strategic = section_of(article)
    comment = approved(article, section=strategic, body=BODY)
    strategic.heading = "What It Means"
    strategic.position = 1
    strategic.save()
    html = page(client, article)
    assert 'on <a href="#strategic-implications-what-it-means">Strategic Implications: What It ' \
        "Means</a>" in html  # fmt: skip
    strategic.delete()
    comment.refresh_from_db()
    assert comment.section is None and comment.status == Comment.Status.APPROVED
    html = page(client, article)
    assert BODY in html and 'class="comment-on"' not in html


def test_comments_closed_means_no_respond_links(client, article):
    """Closed comments: no "Respond to this section" anywhere."""
    article.comments_open = False
    article.save()
    assert "Respond to this section" not in page(client, article)


def test_respond_links_follow_the_owners_rules_on_cached_pages(client, article):
    """Closing comments on older articles removes the links from a page the cache stored."""
    three_days_ago = timezone.now() - timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(published_at=three_days_ago)
    assert "Respond to this section" in page(client, article)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    rules(close_after_days=1)
    assert "Respond to this section" not in page(client, article)


# --- the thread filtered to a section ----------------------------------------------------


def test_thread_filtered_to_a_section_shows_its_threads_and_a_way_back(client, article):
    """?section=<id> shows the threads answering that section (with their replies), says
    so, and links back to all comments."""
    strategic = section_of(article)
    on_it = approved(article, section=strategic, body="About the implications.")
    Comment.objects.create(
        article=article, parent=on_it, section=strategic, name="Bea", email="b@example.com",
        body="A reply about them.", status="approved",
    )  # fmt: skip
    approved(article, body="About the whole piece.")
    approved(article, section=section_of(article, "conclusion"), body="About the end.")
    html = page(client, article, f"?section={strategic.pk}")
    thread = html[html.index('id="comments"') :]
    assert "About the implications." in thread and "A reply about them." in thread
    assert "About the whole piece." not in thread and "About the end." not in thread
    assert re.search(
        r'Showing responses to <a href="#strategic-implications">Strategic Implications</a> — '
        rf'<a href="{article.get_absolute_url()}#comments-heading">show all comments</a>',
        thread,
    )
    everything = page(client, article)
    assert "About the whole piece." in everything and "Showing responses" not in everything


@pytest.mark.parametrize("value", ["abc", "99999", "-1", "9" * 40])
def test_unknown_section_filter_shows_the_whole_thread(client, article, value):
    """A filter naming no section shows the whole thread, and is not stored: made-up values
    must not fill the page cache."""
    approved(article, body="About the whole piece.")
    html = page(client, article, f"?section={value}")
    assert "About the whole piece." in html and "Showing responses" not in html
    again = client.get(f"{article.get_absolute_url()}?section={value}")
    assert again["X-Page-Cache"] == "off"


@pytest.mark.parametrize(
    "spelling",
    [lambda pk: f"000{pk}", lambda pk: f"{pk}%0A", lambda pk: quote(arabic_indic(pk)),
     lambda pk: ""],
)  # fmt: skip
def test_another_spelling_of_a_section_id_is_not_stored(client, article, spelling):
    """Only ``?section=<id>`` as the site writes it is stored: leading zeros, a trailing
    newline or another script's digits would make endless addresses of one page (and an
    empty filter another address of the whole thread)."""
    approved(article, body="About the whole piece.")
    url = f"{article.get_absolute_url()}?section={spelling(section_of(article).pk)}"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "off"
    assert "About the whole piece." in response.content.decode()


def test_a_superscript_digit_is_not_a_server_error(client, article):
    """``"²".isdigit()`` is true but ``int("²")`` fails: the filter is ignored, not a 500."""
    approved(article, body="About the whole piece.")
    response = client.get(f"{article.get_absolute_url()}?section=%C2%B2")
    assert response.status_code == 200 and "About the whole piece." in response.content.decode()


def arabic_indic(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def test_filtered_pages_keep_the_filter_and_use_keyset_pages(client, article, settings):
    """Older threads of a section are a keyset page of that section's threads only."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 2}
    strategic = section_of(article)
    bodies = [approved(article, section=strategic, body=f"Point {n}.").body for n in range(3)]
    approved(article, body="Not about the section.")
    html = page(client, article, f"?section={strategic.pk}")
    assert bodies[2] in html and bodies[1] in html and bodies[0] not in html
    older = re.search(r'href="([^"]+)" rel="prev">Older comments', html).group(1)
    older = older.replace("&amp;", "&")
    assert f"section={strategic.pk}&comments_before=" in older
    html = page(client, article, older[len(article.get_absolute_url()) :].split("#")[0])
    assert bodies[0] in html and "Not about the section." not in html
    assert f'href="{article.get_absolute_url()}?section={strategic.pk}#comments-heading"' in html


def test_a_filtered_older_page_is_stored_as_the_site_links_it_only(client, article, settings):
    """``?section=…&comments_before=…`` as "Older comments" writes it is stored; the other
    order, or a made-up section before the real one, is answered but not stored."""
    settings.COMMENTS = {**settings.COMMENTS, "THREADS_PER_PAGE": 2}
    strategic = section_of(article)
    for number in range(3):
        approved(article, section=strategic, body=f"Point {number}.")
    html = page(client, article, f"?section={strategic.pk}")
    older = re.search(r'href="([^"]+)" rel="prev">Older comments', html)[1]
    older = older.replace("&amp;", "&").split("#")[0]
    address, query = older.split("?")
    section, cursor = query.split("&")
    for other in (f"{cursor}&{section}", f"section=nope&{query}", f"{section}&{query}"):
        response = client.get(f"{address}?{other}")
        assert response.status_code == 200 and response["X-Page-Cache"] == "off", other
        assert "Point 0." in response.content.decode()
    assert client.get(older)["X-Page-Cache"] == "miss"
    assert client.get(older)["X-Page-Cache"] == "hit"


def test_filtered_page_is_cached_per_section_and_refreshed_by_moderation(client, article):
    """The page cache keeps one page per filter value, and an approval refreshes it."""
    strategic, conclusion = section_of(article), section_of(article, "conclusion")
    url = f"{article.get_absolute_url()}?section={strategic.pk}"
    other = f"{article.get_absolute_url()}?section={conclusion.pk}"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(other)["X-Page-Cache"] == "miss"
    waiting = Comment.objects.create(
        article=article, section=strategic, name="Cy", email="c@example.com", body=BODY
    )
    assert BODY not in client.get(url).content.decode()
    moderation.approve(comment=waiting, moderator=None)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and BODY in response.content.decode()
    assert BODY not in client.get(other).content.decode()


# --- counts in the table of contents -----------------------------------------------------


def test_table_of_contents_counts_approved_comments_per_section(client, article):
    """Each section's approved comments (replies too), linked to the filtered thread;
    held, spam and removed comments are not counted; sections without any show none."""
    strategic = section_of(article)
    first = approved(article, section=strategic)
    approved(article, section=strategic, parent=first)
    for status in ("pending", "spam", "removed"):
        Comment.objects.create(article=article, section=strategic, name="N", status=status,
                               email="n@example.com", body=f"Not counted {status}")  # fmt: skip
    approved(article, section=section_of(article, "conclusion"))
    approved(article)
    toc = toc_html(page(client, article))
    assert (
        f'<a href="#strategic-implications">Strategic Implications</a> <a class="toc-comments" '
        f'href="{article.get_absolute_url()}?section={strategic.pk}#comments-heading">2 comments'
        "</a>"
    ) in toc
    assert '<a href="#conclusion">Conclusion</a> <a class="toc-comments"' in toc
    assert ">1 comment<" in toc
    assert toc.count('class="toc-comments"') == 2


def test_counts_change_when_a_comment_is_approved_or_removed(client, article):
    """The cached page is refreshed by moderation: the count follows."""
    strategic = section_of(article)
    waiting = Comment.objects.create(
        article=article, section=strategic, name="Cy", email="c@example.com", body=BODY
    )
    assert "toc-comments" not in toc_html(page(client, article))
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    moderation.approve(comment=waiting, moderator=None)
    assert ">1 comment<" in toc_html(page(client, article))
    moderation.remove(comment=waiting, moderator=None)
    assert "toc-comments" not in toc_html(page(client, article))


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("sections, comments", [(3, 1), (30, 300)])
def test_counts_cost_no_query_of_their_own(client, django_assert_max_num_queries, sections,
                                           comments):  # fmt: skip
    """Counts come with the sections' own query: the page's budget does not grow with the
    number of sections or comments (no query per section, none per comment)."""
    article = factories.make_article(
        sections=[("section", f"Part {n}", "Words.") for n in range(sections)]
    )
    ids = list(article.sections.values_list("pk", flat=True))
    Comment.objects.bulk_create(
        Comment(
            article=article,
            section_id=ids[n % len(ids)],
            name="R",
            email="r@example.com",
            body="B",
            body_html="<p>B</p>",
            status="approved",
        )
        for n in range(comments)
    )
    client.get(article.get_absolute_url())  # the settings caches
    with django_assert_max_num_queries(8):
        html = client.get(article.get_absolute_url()).content.decode()
    assert toc_html(html).count('class="toc-comments"') == min(sections, comments)
    with CaptureQueriesContext(connection) as filtered:
        client.get(f"{article.get_absolute_url()}?section={ids[0]}")
    assert len(filtered) <= 8


# --- the admin -----------------------------------------------------------------------------

ADMIN_LIST = "/admin/comments/comment/"


def test_moderators_filter_the_list_by_article_then_section(moderator_client, article):
    """Choosing an article offers its commented sections and "the whole article"."""
    strategic = section_of(article)
    on_it = approved(article, section=strategic, body="On the implications.")
    whole = approved(article, body="On the whole piece.")
    elsewhere = approved(factories.make_article(sections=factories.standard_sections()))
    html = moderator_client.get(f"{ADMIN_LIST}?article__id__exact={article.pk}").content.decode()
    assert "By section" in html or "by section" in html
    assert "Strategic Implications" in html and "The whole article" in html
    assert "Prophetic Context" not in html  # no comments on it: not offered
    query = f"?article__id__exact={article.pk}&section={strategic.pk}"
    listed = moderator_client.get(ADMIN_LIST + query).context["cl"].result_list
    assert list(listed) == [on_it]
    query = f"?article__id__exact={article.pk}&section=none"
    assert list(moderator_client.get(ADMIN_LIST + query).context["cl"].result_list) == [whole]
    for junk in ("abc", "9" * 40, "-1"):
        response = moderator_client.get(f"{ADMIN_LIST}?section={junk}")
        assert response.status_code == 200
        assert elsewhere in response.context["cl"].result_list


def test_the_comment_page_and_list_show_the_section(moderator_client, article):
    """The list has an "on section" column; the comment's page links to the section."""
    comment = approved(article, section=section_of(article), body="On the implications.")
    html = moderator_client.get(ADMIN_LIST).content.decode()
    assert '<td class="field-section_label">Strategic Implications</td>' in html
    html = moderator_client.get(f"{ADMIN_LIST}{comment.pk}/change/").content.decode()
    assert (
        f'<a href="{article.get_absolute_url()}#strategic-implications">Strategic Implications</a>'
        in html
    )
    plain = approved(article, body="On the whole piece.")
    html = moderator_client.get(f"{ADMIN_LIST}{plain.pk}/change/").content.decode()
    assert "The whole article" in html


def test_authors_section_filter_offers_only_their_own_articles_sections(client, article):
    """An author choosing someone else's article in the URL learns none of its headings."""
    from django.contrib.auth.models import Permission

    author = article.author
    author.is_staff = True
    author.save()
    author.user_permissions.set(
        Permission.objects.filter(codename__in=["change_article", "view_article"])
    )
    client.force_login(author)
    theirs = factories.make_article(
        sections=[("section", "Secret Heading Of A Draft", "Words.")], status="draft"
    )
    approved(theirs, section=theirs.sections.get())
    html = client.get(f"{ADMIN_LIST}?article__id__exact={theirs.pk}").content.decode()
    assert "Secret Heading Of A Draft" not in html
    mine = approved(article, section=section_of(article))
    query = f"?article__id__exact={article.pk}&section={section_of(article).pk}"
    assert list(client.get(ADMIN_LIST + query).context["cl"].result_list) == [mine]


def test_section_response_pages_are_valid_html(client, article, tmp_path):
    """vnu finds no error on the page with counts and "on …", the filtered thread, the form
    set to answer a section, and that form back with an error."""
    from tests.html_validator import html_errors

    strategic = section_of(article)
    first = approved(article, section=strategic, body="On the implications.")
    approved(article, section=strategic, parent=first, body="A reply.")
    documents = {
        "article": page(client, article),
        "filtered": page(client, article, f"?section={strategic.pk}"),
        "respond": page(client, article, f"?respondto={strategic.pk}"),
    }
    errors = html_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("value", ["abc", "0", "-2", "1.5"])
def test_a_broken_reply_to_is_said_at_the_form_too(client, article, clock, value):
    """The other hidden field: a reply_to that is not an id is refused where the reader sees
    it, not silently (before, the form came back with no message at all)."""
    post_comment(client, article, clock, body=BODY, reply_to=value)
    assert not Comment.objects.exists()
    html = page(client, article)
    assert "The comment you are replying to is no longer available." in html
    assert comment_form(html)["fields"]["body"] == BODY
