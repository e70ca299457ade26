"""The front page's lead story: which article leads, and who may choose it.

An editor makes a published article the lead (``make_lead``); it is shown large, with its
image and standfirst, above the latest articles. There is one lead at a time: choosing
another replaces it. When no public article is the lead (none chosen, or the chosen one was
withdrawn or is still scheduled), the newest article leads. Authors cannot choose it, not
even for their own article (``blog.roles.is_editor`` decides, here and in the admin).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import caching, roles
from .models import Article


@dataclass(frozen=True)
class FrontPage:
    lead: Article | None
    latest: list[Article]
    lead_was_chosen: bool


def chosen_lead(latest_page: list[Article] = ()) -> Article | None:
    """The public article an editor chose to lead, with what a card shows: taken from
    ``latest_page`` when it is there (no query), else one query."""
    pk = chosen_lead_id()
    if not pk:
        return None
    for article in latest_page:
        if article.pk == pk:
            return article
    return (
        Article.objects.published()
        .for_listing()
        .prefetch_related(None)  # the lead shows no tags
        .filter(pk=pk)
        .first()
    )


def chosen_lead_id() -> int:
    """The id of the chosen lead (0 for none), remembered until the lists change: choosing
    or clearing a lead, publishing, withdrawing or re-dating an article invalidate ``LISTS``."""
    return caching.remember("front-page-lead", [caching.LISTS], _chosen_lead_id)


def _chosen_lead_id() -> int:
    chosen = (
        Article.objects.published()
        .filter(lead_since__isnull=False)
        .order_by("-lead_since")
        .values_list("id", flat=True)
        .first()
    )
    return chosen or 0  # remembered: None would mean "not remembered"


def front_page(latest_page: list[Article]) -> FrontPage:
    """The lead and the latest articles under it, from the first page of the latest list.

    The lead is taken out of the list, so it is not shown twice; the list keeps its cursor
    (the next page starts after the list's last article either way).
    """
    lead = chosen_lead(latest_page)
    chosen = lead is not None
    if lead is None and latest_page:
        lead = latest_page[0]
    latest = [article for article in latest_page if lead is None or article.pk != lead.pk]
    if lead is not None:
        caching.depends_on(caching.article_key(lead.pk))
    return FrontPage(lead=lead, latest=latest, lead_was_chosen=chosen)


@transaction.atomic
def make_lead(*, article: Article, by) -> None:
    """Make ``article`` the front page's lead, replacing any other. Editors only; the
    article must be public (a draft or a scheduled article cannot lead)."""
    if not roles.is_editor(by):
        raise PermissionDenied("Only editors choose the lead story.")
    if not article.is_public:
        raise ValidationError("Only a published article can lead the front page.")
    Article.objects.exclude(pk=article.pk).filter(lead_since__isnull=False).update(lead_since=None)
    article.lead_since = timezone.now()
    Article.objects.filter(pk=article.pk).update(lead_since=article.lead_since)
    caching.invalidate(caching.LISTS)  # an UPDATE: no signal; the home page lists


@transaction.atomic
def clear_lead(*, article: Article, by) -> bool:
    """Take ``article`` off the lead (the newest article leads again); False if it was not."""
    if not roles.is_editor(by):
        raise PermissionDenied("Only editors choose the lead story.")
    if article.lead_since is None:
        return False
    Article.objects.filter(pk=article.pk).update(lead_since=None)
    article.lead_since = None
    caching.invalidate(caching.LISTS)
    return True
