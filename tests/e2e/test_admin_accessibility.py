"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on the pages people use.

The admin pages of issue 11 item 7 (its public contract), opened by each role that sees them
differently — the owner, an Editor, an Author — and the public pages, on the demo content
(`demo_article` in tests/conftest.py: sections, a product box, pictures, comments).
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from affiliates.models import AffiliateLink, DailyClicks, LinkCheckRun
from blog.models import Article
from blog.roles import ensure_roles
from comments.models import Comment
from tests import factories
from tests.e2e.accessibility import WCAG22_TAGS, WCAG_TAGS, audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long pass phrase for tests"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def demo(demo_article):
    """A small published site; staff: "owner" (superuser), "editor" (an Editor) and
    "analyst" (an Author, with an article of their own)."""
    ensure_roles()
    for username, group in (("editor", "Editors"), ("analyst", "Authors")):
        user = factories.make_user(username=username, is_staff=True, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
    factories.make_article(
        author=get_user_model().objects.get(username="analyst"),
        sections=factories.standard_sections(),
    )
    factories.make_user(username="owner", is_staff=True, is_superuser=True, password=PASSWORD)
    return demo_article


def log_in(page, live_server, username) -> list[str]:
    """Log in through the login page, auditing it on the way."""
    problems = audit(page, f"{live_server.url}{reverse('admin:login')}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return problems


def audit_all(page, live_server, paths, tags=WCAG_TAGS) -> list[str]:
    return [line for path in paths for line in audit(page, f"{live_server.url}{path}", tags)]


def article_pages(article) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:blog_article_changelist"),
        reverse("admin:blog_article_add"),
        reverse("admin:blog_article_change", args=[article.pk]),
        reverse("admin:blog_article_import"),
    ]


def test_owner_admin_pages_have_no_serious_axe_violations(live_server, page, demo):
    """Login, dashboard, articles (list, add, change with sections and a product box), import,
    comments (list, change), affiliate links (list, change), the clicks report, Check now's
    progress: nothing serious or critical."""
    comment = Comment.objects.order_by("pk").first()
    link = AffiliateLink.objects.get()
    for days_ago, clicks in ((1, 4), (3, 9)):  # the chart and the report have rows to show
        DailyClicks.objects.create(
            link=link, article=demo, day=timezone.localdate() - timedelta(days=days_ago),
            clicks=clicks,
        )  # fmt: skip
    # Check-now progress pages, one under way and one done (rows only: no thread, no network).
    now = timezone.now()
    checking = LinkCheckRun.objects.create(link_ids=[link.pk], heartbeat_at=now)
    done = LinkCheckRun.objects.create(link_ids=[link.pk], checked=1, finished_at=now)
    problems = log_in(page, live_server, "owner")
    problems += audit_all(
        page,
        live_server,
        [
            *article_pages(demo),
            reverse("admin:comments_comment_changelist"),
            reverse("admin:comments_comment_changelist") + "?status__exact=pending",
            reverse("admin:comments_comment_change", args=[comment.pk]),
            reverse("admin:affiliates_affiliatelink_changelist"),
            reverse("admin:affiliates_affiliatelink_change", args=[link.pk]),
            reverse("admin:affiliates_affiliatelink_reports"),
            reverse("admin:affiliates_affiliatelink_reports") + "?period=last-month",
            reverse("admin:affiliates_affiliatelink_check_status", args=[checking.pk]),
            reverse("admin:affiliates_affiliatelink_check_status", args=[done.pk]),
        ],
    )
    assert not problems, "\n".join(problems)
    assert page.js_errors == []


def test_editor_admin_pages_have_no_serious_axe_violations(live_server, page, demo):
    """An Editor's dashboard, article pages and comment list pass axe."""
    comment = Comment.objects.order_by("pk").first()
    problems = log_in(page, live_server, "editor")
    problems += audit_all(
        page,
        live_server,
        [
            *article_pages(demo),
            reverse("admin:comments_comment_changelist"),
            reverse("admin:comments_comment_change", args=[comment.pk]),
        ],
    )
    assert not problems, "\n".join(problems)
    assert page.js_errors == []


def test_author_admin_pages_have_no_serious_axe_violations(live_server, page, demo):
    """An Author's dashboard and article pages (their own article) pass axe."""
    own = Article.objects.filter(author__username="analyst").order_by("pk").first()
    problems = log_in(page, live_server, "analyst")
    problems += audit_all(page, live_server, article_pages(own))
    assert not problems, "\n".join(problems)
    assert page.js_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_serious_axe_violations(live_server, browser, demo, viewport):
    """Home, article (comments, a product box), tag, archives, author, search and 404, on a
    phone and a desktop, meet WCAG 2.2 AA as axe checks it (touch targets included)."""
    context = browser.new_context(viewport=viewport)
    tag = demo.tags.order_by("slug").first()
    published = demo.published_at
    problems = audit_all(
        context.new_page(),
        live_server,
        [
            reverse("blog:home"),
            demo.get_absolute_url(),
            reverse("blog:tags"),
            reverse("blog:tag", args=[tag.slug]),
            reverse("blog:archive"),
            reverse("blog:archive-year", args=[published.year]),
            reverse("blog:archive-month", args=[published.year, published.month]),
            reverse("blog:author", args=[demo.author.username]),
            reverse("search:search") + "?q=negotiators",
            "/no-such-page/",
        ],
        WCAG22_TAGS,
    )
    context.close()
    assert not problems, "\n".join(problems)
