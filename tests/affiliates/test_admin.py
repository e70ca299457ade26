"""The owner's admin: adding links, the list with clicks and usage, the report page, CSV,
deactivation warnings, the health filter and the disclosure settings."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from affiliates.models import AffiliateLink, DisclosureSettings
from affiliates.services import record_click
from blog.models import Article
from tests import factories
from tests.affiliates.factories import make_link, place_box
from tests.html_checks import dangers

pytestmark = pytest.mark.django_db

# Session, user, two counts, the page of links with their click totals, the articles using
# them (one UNION query) and the merchant filter's choices.
LIST_PAGE_QUERIES = 7
# Session, user, the link, clicks per day, clicks per article (+ content types, once).
CHANGE_PAGE_QUERIES = 6
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
    """The per-link CSV URL answers staff with view permission and sends others to log in."""
    link = make_link()
    url = reverse("admin:affiliates_affiliatelink_clicks_csv", args=[link.pk])
    assert admin_client_logged.get(url).status_code == 200
    admin_client_logged.logout()
    assert client.get(url).status_code == 302  # to the login page
    staff = factories.make_user(is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403


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
