"""What the admin index shows first: the articles that need this person now.

Each panel is one query (at most ``LIMIT`` rows, only the columns shown), so the index costs
the same with 10 or 10,000 articles. ``NewsroomArticleAdmin.dashboard_panels`` returns them;
``config.admin.BroadsheetAdminSite.index`` shows every model admin's panels.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from blog import roles
from blog.models import Article

from .models import ProposedChange, Transition

LIMIT = 5
COLUMNS = ("id", "title", "status", "published_at", "updated_at", "author_id")


def _change(pk: int) -> str:
    return reverse("admin:blog_article_change", args=[pk])


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j M, H:i") if moment else ""


def _panel(title: str, rows, meta, more: str = "", empty: str = "Nothing here.") -> dict:
    return {
        "title": title,
        "items": [(row.title, _change(row.pk), meta(row)) for row in rows],
        "more": more,
        "empty": empty,
    }


def panels(request) -> list[dict]:
    user = request.user
    changelist = reverse("admin:blog_article_changelist")
    mine = Article.objects.filter(author_id=user.pk).only(*COLUMNS)
    last_move = Transition.objects.filter(article=OuterRef("pk")).order_by("-at", "-id")
    drafts = list(
        mine.filter(status__in=[Article.Status.DRAFT, Article.Status.UNPUBLISHED])
        .annotate(last_action=Subquery(last_move.values("action")[:1]))
        .annotate(last_note=Subquery(last_move.values("note")[:1]))
        .order_by("-updated_at", "-id")[: LIMIT * 4]
    )
    returned = [a for a in drafts if a.last_action == Transition.Action.RETURN][:LIMIT]
    result = [
        _panel(
            "My drafts",
            [a for a in drafts if a not in returned][:LIMIT],
            lambda a: f"edited {_when(a.updated_at)}",
            more=f"{changelist}?status__exact=draft",
            empty="No drafts.",
        ),
        _panel(
            "Returned to me",
            returned,
            lambda a: a.last_note[:80],
            empty="Nothing returned.",
        ),
    ]
    now = timezone.now()
    visible = roles.articles_for(user, Article.objects.all()).only(*COLUMNS)
    if roles.is_editor(user):
        result.append(
            _panel(
                "Waiting for review",
                visible.filter(status=Article.Status.REVIEW).order_by("updated_at")[:LIMIT],
                lambda a: f"since {_when(a.updated_at)}",
                more=f"{changelist}?status__exact=review",
                empty="Nothing to review.",
            )
        )
        proposals = (
            ProposedChange.objects.pending()
            .select_related("article")
            .only("id", "created_at", "article__id", "article__title")
            .order_by("created_at")[:LIMIT]
        )
        result.append(
            {
                "title": "Proposed changes waiting",
                "items": [
                    (
                        p.article.title,
                        reverse("admin:blog_article_proposal", args=[p.article_id]),
                        f"since {_when(p.created_at)}",
                    )
                    for p in proposals
                ],
                "more": "",
                "empty": "No proposed changes.",
            }
        )
    result.append(
        _panel(
            "Scheduled",
            visible.filter(status=Article.Status.PUBLISHED, published_at__gt=now).order_by(
                "published_at"
            )[:LIMIT],
            lambda a: _when(a.published_at),
            empty="Nothing scheduled.",
        )
    )
    result.append(
        _panel(
            "Recently published",
            visible.filter(status=Article.Status.PUBLISHED, published_at__lte=now).order_by(
                "-published_at", "-id"
            )[:LIMIT],
            lambda a: _when(a.published_at),
            more=f"{changelist}?status__exact=published",
            empty="Nothing published yet.",
        )
    )
    return result
