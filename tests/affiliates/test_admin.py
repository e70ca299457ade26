"""The owner's admin: adding links, the list with clicks and usage, the report page, CSV,
deactivation warnings, the health filter and the disclosure settings."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from affiliates.admin import SLUG_LOCKED_HELP
from affiliates.models import AffiliateLink, DisclosureSettings
from affiliates.product_box_admin import ArticleProductInline
from affiliates.services import record_click
from blog.admin import ArticleAdmin
from blog.models import Article
from tests import factories
from tests.affiliates.factories import click, make_link, place_box
from tests.html_checks import dangers

pytestmark = pytest.mark.django_db

# Session, user, two counts, the page of links with their click totals, the articles using
# them (one UNION query) and the merchant filter's choices.
LIST_PAGE_QUERIES = 7
# Session, user, the link, whether articles use it (is its slug fixed?), clicks per day,
# clicks per article (+ content types, once).
CHANGE_PAGE_QUERIES = 7
LIST_URL = reverse("admin:affiliates_affiliatelink_changelist")
ADD_URL = reverse("admin:affiliates_affiliatelink_add")


def change_url(link):
    return reverse("admin:affiliates_affiliatelink_change", args=[link.pk])


def link_form(**overrides):
    data = {
        "name": "Acme Kettle", "slug": "acme-kettle",
        "destination_url": "https://shop.example/kettle?tag=broadsheet-21", "is_active": "on",
        "merchant": "Shop", "pitch": "", "button_label": "", "image_alt": "", "notes": "",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def author_client(client):
    """A staff writer in the "Authors" group, which may view links (for the box picker)."""
    writer = factories.make_user(is_staff=True)
    writer.groups.add(Group.objects.get(name="Authors"))
    client.force_login(writer)
    return client


def clicks_on(link, *, days_ago, count=1, article=None):
    day = timezone.localdate() - timedelta(days=days_ago)
    for _ in range(count):
        record_click(link_id=link.pk, article_id=article.pk if article else None, day=day)


def test_owner_adds_a_link(admin_client_logged):
    """The add form creates a link with its cloaked address."""
    response = admin_client_logged.post(ADD_URL, link_form())
    assert response.status_code == 302
    link = AffiliateLink.objects.get()
    assert link.get_absolute_url() == "/go/acme-kettle/" and link.is_active


@pytest.mark.parametrize(
    "destination",
    [
        " https://shop.example/k",
        "https://shop.example/k\n",
        "javascript:alert(1)",
        "//evil.example",
    ],
)
def test_admin_form_and_full_clean_agree_on_destinations(admin_client_logged, destination):
    """The admin refuses what full_clean() refuses, with the same message, and stores nothing."""
    response = admin_client_logged.post(ADD_URL, link_form(destination_url=destination))
    assert response.status_code == 200
    with pytest.raises(ValidationError) as error:
        AffiliateLink(name="x", slug="x", destination_url=destination).full_clean()
    assert escape(error.value.message_dict["destination_url"][0]) in response.content.decode()
    assert not AffiliateLink.objects.exists()


def test_list_shows_clicks_7_30_total_and_articles_using_the_link(admin_client_logged):
    """Clicks in the last 7 days, 30 days and in total, and the articles that use the link."""
    link = make_link(name="Kettle", slug="kettle")
    article = factories.make_article(
        title="Tea Matters", sections=[("section", "A", "[k](aff:kettle)")]
    )
    boxed = factories.make_article(title="Boxed Piece")
    place_box(boxed, link)
    clicks_on(link, days_ago=0, count=2, article=article)
    clicks_on(link, days_ago=6)
    clicks_on(link, days_ago=7)
    clicks_on(link, days_ago=29, count=3)
    clicks_on(link, days_ago=30, count=5)
    html = admin_client_logged.get(LIST_URL).content.decode()
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Kettle(?:(?!</tr>).)*</tr>", html, re.S)[0]
    cells = re.findall(r'class="field-(clicks_7d|clicks_30d|clicks_total)[^"]*">(\d+)<', row)
    assert cells == [("clicks_7d", "3"), ("clicks_30d", "7"), ("clicks_total", "12")]
    assert "Boxed Piece" in row and "Tea Matters" in row


def test_list_can_be_sorted_by_clicks(admin_client_logged):
    """The click columns sort (they are annotations, not Python properties)."""
    quiet, busy = make_link(name="Quiet"), make_link(name="Busy")
    clicks_on(busy, days_ago=1, count=3)
    clicks_on(quiet, days_ago=1)
    html = admin_client_logged.get(LIST_URL + "?o=-7").content.decode()  # 7th column: clicks 30 d
    assert html.index(">Busy<") < html.index(">Quiet<")


def test_change_page_has_an_accessible_svg_chart_and_clicks_per_article(admin_client_logged):
    """An inline SVG (title, aria-label, one bar per day), a data table and per-article clicks."""
    link = make_link()
    article = factories.make_article(title="Tea Matters")
    clicks_on(link, days_ago=0, count=4, article=article)
    clicks_on(link, days_ago=2, count=1)
    html = admin_client_logged.get(change_url(link)).content.decode()
    svg = re.search(r'<svg[^>]*role="img".*?</svg>', html, re.S)[0]
    assert "aria-label=" in svg
    assert '<title id="click-chart-title">Clicks per day, last 30 days</title>' in svg
    assert len(re.findall(r"<rect ", svg)) == 30
    assert "5 clicks from" in svg  # the description summarises the period
    assert "<script" not in svg and "href" not in svg  # nothing loaded from elsewhere
    assert re.search(r"<td>Tea Matters</td>|>Tea Matters</a></td><td>4</td>", html)
    assert "(unknown or direct)</td><td>1</td>" in html
    assert "The same data as a table" in html


def test_csv_export_lists_clicks_by_day(admin_client_logged):
    """The admin action downloads date, link, article and clicks, formulas neutralised."""
    link = make_link(name='=HYPERLINK("http://evil.example")', slug="kettle")
    article = factories.make_article(slug="tea", title="Tea")
    clicks_on(link, days_ago=1, count=2, article=article)
    clicks_on(link, days_ago=0)
    response = admin_client_logged.post(
        LIST_URL, {"action": "export_clicks_csv", "_selected_action": [link.pk]}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    today, name = timezone.localdate(), '\'=HYPERLINK("http://evil.example")'
    assert rows == [
        ["date", "link", "link name", "article", "article title", "clicks"],
        [str(today - timedelta(days=1)), "kettle", name, "tea", "Tea", "2"],
        [str(today), "kettle", name, "", "(unknown or direct)", "1"],
    ]


def test_csv_of_one_link_is_staff_only(client, admin_client_logged):
    """The per-link CSV URL answers the owner, sends visitors to log in and forbids staff
    without permission."""
    link = make_link()
    url = reverse("admin:affiliates_affiliatelink_clicks_csv", args=[link.pk])
    assert admin_client_logged.get(url).status_code == 200
    admin_client_logged.logout()
    assert client.get(url).status_code == 302  # to the login page
    staff = factories.make_user(is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("object_id", ["abc", "1abc", "1%2F2", "..", "%20", "99999"])
def test_csv_of_a_malformed_or_unknown_link_is_not_found(admin_client_logged, object_id):
    """A non-numeric or unknown id in the per-link CSV address is a 404, not a server error."""
    make_link()
    url = reverse("admin:affiliates_affiliatelink_changelist") + f"{object_id}/clicks.csv"
    assert admin_client_logged.get(url).status_code == 404


def test_deactivating_a_link_in_use_warns_and_names_the_articles(admin_client_logged):
    """Turning off a link used by published articles warns with their titles."""
    link = make_link(name="Kettle", slug="kettle")
    factories.make_article(title="Tea Matters", sections=[("section", "A", "[k](aff:kettle)")])
    factories.make_article(
        title="Draft Piece",
        status=Article.Status.DRAFT,
        sections=[("section", "A", "[k](aff:kettle)")],
    )
    response = admin_client_logged.post(
        change_url(link), link_form(name="Kettle", slug="kettle", is_active=""), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    warnings = [m for m in messages if "still link to it" in m]
    assert len(warnings) == 1 and "“Tea Matters”" in warnings[0]
    assert "Draft Piece" not in warnings[0]
    link.refresh_from_db()
    assert not link.is_active


def test_deactivate_action_warns_too(admin_client_logged):
    """The list action deactivates and warns about each link still in use."""
    used, unused = make_link(name="Used", slug="used"), make_link(name="Unused")
    factories.make_article(title="Tea Matters", intro="A [lede link](aff:used).")
    response = admin_client_logged.post(
        LIST_URL, {"action": "deactivate", "_selected_action": [used.pk, unused.pk]}, follow=True
    )
    warnings = [str(m) for m in response.context["messages"] if "still link" in str(m)]
    assert warnings == [
        "“Used” is inactive but published articles still link to it, so their readers now get "
        "the “no longer available” page: “Tea Matters”."
    ]
    assert not AffiliateLink.objects.filter(is_active=True).exists()


def test_health_filter_lists_broken_links(admin_client_logged):
    """The list filters by health: "Broken" shows only links the checker found broken."""
    make_link(name="Fine one", health=AffiliateLink.Health.OK, last_status=200)
    make_link(name="Gone one", health=AffiliateLink.Health.BROKEN, last_status=404)
    html = admin_client_logged.get(LIST_URL + "?health__exact=broken").content.decode()
    assert "Gone one" in html and "Fine one" not in html


@pytest.mark.parametrize("size", [2, 15])
def test_list_query_budget(admin_client_logged, django_assert_max_num_queries, author, size):
    """The list costs the same queries at any size: no query per row for clicks or articles."""
    for number in range(size):
        link = make_link(slug=f"link-{number}")
        body = f"[x](aff:link-{number})"
        factories.make_article(author=author, sections=[("section", "A", body)])
        place_box(factories.make_article(author=author), link)
        clicks_on(link, days_ago=number % 40)
    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        assert admin_client_logged.get(LIST_URL).status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_change_page_query_budget(admin_client_logged, django_assert_max_num_queries, author, size):
    """The report page costs the same queries however many days and articles have clicks."""
    link = make_link()
    for number in range(size):
        clicks_on(link, days_ago=number, article=factories.make_article(author=author))
    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        assert admin_client_logged.get(change_url(link)).status_code == 200


def test_disclosure_settings_open_straight_on_the_form(admin_client_logged, client):
    """The settings list goes to the one form; saving it changes what readers see."""
    url = reverse("admin:affiliates_disclosuresettings_changelist")
    response = admin_client_logged.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:affiliates_disclosuresettings_change", args=[DisclosureSettings.SINGLETON_ID]
    )
    form = {"title": "Disclosure", "text": "We earn from *qualifying* purchases.",
            "placement": "top", "always_show": "on"}  # fmt: skip
    assert admin_client_logged.post(response["Location"], form).status_code == 302
    article = factories.make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "We earn from <em>qualifying</em> purchases." in html
    assert dangers(html.split('class="affiliate-disclosure', 1)[1][:400]) == []


def test_disclosure_settings_cannot_be_added_or_deleted(admin_client_logged):
    """One row only: no add page and no delete."""
    DisclosureSettings.load().save()
    assert (
        admin_client_logged.get(reverse("admin:affiliates_disclosuresettings_add")).status_code
        == 403
    )
    delete = reverse("admin:affiliates_disclosuresettings_delete", args=[1])
    assert admin_client_logged.get(delete).status_code == 403


def test_editors_cannot_see_link_reports_without_permission(editor_client):
    """The link admin follows permissions like the rest of the admin."""
    assert editor_client.get(LIST_URL).status_code == 403
    assert Permission.objects.filter(codename="view_affiliatelink").exists()


# --- a used link keeps its slug (articles store /go/<slug>/) ----------------------------


def use_in_text(link):
    return factories.make_article(slug="tea", sections=[("section", "A", f"[k](aff:{link.slug})")])


def use_in_a_box(link):
    article = factories.make_article(slug="tea")
    place_box(article, link)
    return article


@pytest.mark.parametrize("use", [use_in_text, use_in_a_box], ids=["text", "box"])
def test_used_links_slug_is_read_only_and_says_why(admin_client_logged, client, use):
    """Once an article uses a link, the admin shows its slug read-only with the reason, a
    post cannot rename it, and the article's link keeps redirecting."""
    link = make_link(name="Kettle", slug="kettle")
    article = use(link)
    html = admin_client_logged.get(change_url(link)).content.decode()
    assert 'name="slug"' not in html
    assert SLUG_LOCKED_HELP.format("/go/kettle/") in html
    response = admin_client_logged.post(change_url(link), link_form(slug="new-kettle"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.slug == "kettle"
    if use is use_in_text:
        page = client.get(article.get_absolute_url()).content.decode()
        assert 'href="/go/kettle/?from=tea"' in page
    assert click(client, link, article_slug="tea").status_code == 302


def test_unused_links_slug_can_still_be_changed(admin_client_logged):
    """A link no article uses yet can be renamed in the admin."""
    link = make_link(name="Kettle", slug="kettle")
    html = admin_client_logged.get(change_url(link)).content.decode()
    assert 'name="slug"' in html and SLUG_LOCKED_HELP.format("/go/kettle/") not in html
    assert admin_client_logged.post(change_url(link), link_form(slug="kettle-2")).status_code == 302
    link.refresh_from_db()
    assert link.slug == "kettle-2"


# --- authors see links, not the owner's reports ------------------------------------------


def private_link():
    link = make_link(
        name="Acme Kettle", slug="kettle", merchant="Shop", pitch="Boils fast.",
        destination_url="https://shop.example/kettle?tag=secret-code-21",
        notes="Private: commission 8%", health=AffiliateLink.Health.BROKEN, last_status=500,
        last_error="HTTP 500 secret-error",
    )  # fmt: skip
    clicks_on(link, days_ago=1, count=3, article=factories.make_article(title="Tea Matters"))
    return link


def test_authors_see_a_links_public_fields_only(author_client):
    """View-only staff (authors, for the box picker) get the name, slug, cloaked address and
    box fields, but no destination, notes, health or click report."""
    link = private_link()
    html = author_client.get(change_url(link)).content.decode()
    assert "Acme Kettle" in html and "Boils fast." in html and "/go/kettle/" in html
    for secret in ("secret-code", "commission", "secret-error", "click-chart", "clicks.csv",
                   "Tea Matters", "Clicks per"):  # fmt: skip
        assert secret not in html, secret


def test_authors_list_has_no_click_or_health_columns(author_client, admin_client):
    """The list shows authors the links without clicks or health; the owner sees both."""
    link = private_link()
    html = author_client.get(LIST_URL).content.decode()
    assert "Acme Kettle" in html
    for private in ("field-clicks_7d", "field-clicks_total", "field-health_label", "secret-error",
                    "health__exact"):  # fmt: skip
        assert private not in html, private
    owner_html = admin_client.get(LIST_URL).content.decode()
    assert "field-clicks_total" in owner_html and "health__exact" in owner_html
    assert link.name in owner_html


def test_authors_get_no_csv(author_client):
    """The per-link CSV is forbidden to view-only staff, and the export action is not offered."""
    link = private_link()
    url = reverse("admin:affiliates_affiliatelink_clicks_csv", args=[link.pk])
    assert author_client.get(url).status_code == 403
    assert "export_clicks_csv" not in author_client.get(LIST_URL).content.decode()
    response = author_client.post(
        LIST_URL, {"action": "export_clicks_csv", "_selected_action": [link.pk]}
    )
    assert not response.get("Content-Type", "").startswith("text/csv")


@pytest.mark.parametrize(
    "query",
    ["?q=secret-code", "?destination_url__contains=secret", "?notes__startswith=Private",
     "?health__exact=broken", "?daily_clicks__isnull=False", "?last_error__contains=secret"],
)  # fmt: skip
def test_authors_cannot_probe_private_fields_through_the_list(author_client, query):
    """Searching or filtering by a private field would leak it one guess at a time: search
    ignores those fields for authors, and such filters are refused."""
    private_link()
    response = author_client.get(LIST_URL + query)
    if query.startswith("?q="):
        assert "Acme Kettle" not in response.content.decode()
    else:
        assert response.status_code == 400


def test_the_box_picker_finds_links_by_name_for_authors(author_client):
    """Authors' product-box autocomplete works, by name, and not by destination."""
    private_link()
    url = reverse("admin:autocomplete")
    params = {"app_label": "affiliates", "model_name": "articleproduct", "field_name": "link"}
    found = author_client.get(url, {**params, "term": "Kettle"}).json()["results"]
    assert [result["text"] for result in found] == ["Acme Kettle"]
    assert author_client.get(url, {**params, "term": "secret-code"}).json()["results"] == []


# --- the product-box inline joins blog's article admin declaratively ---------------------


def test_blogs_article_admin_is_not_replaced_and_shows_the_box_inline(admin_client_logged):
    """blog's ArticleAdmin (as the newsroom extends it) is registered, not one of ours; the
    inline comes from the extension point."""
    registered = admin.site.get_model_admin(Article)
    assert isinstance(registered, ArticleAdmin) and type(registered).__module__ != "affiliates"
    request = admin_client_logged.get(reverse("admin:blog_article_add")).wsgi_request
    assert ArticleProductInline in registered.get_inlines(request, None)


def test_the_box_inline_passes_the_admin_checks():
    """Added at run time, the inline misses Django's start-up checks; it passes them here."""
    assert ArticleProductInline(Article, admin.site).check() == []
