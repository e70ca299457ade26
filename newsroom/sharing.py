"""Share links: create and revoke (the service), and the page an outsider opens."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from blog import roles
from blog.models import Article
from blog.presentation import build_article_page

from .models import ShareLink


def create(*, article: Article, by, days: int = ShareLink.DEFAULT_DAYS) -> ShareLink:
    """The article's author or an editor shares an unpublished article for ``days`` days."""
    if not roles.can_open(by, article):
        raise PermissionDenied
    if article.is_public:
        raise ValidationError("The article is published: share its public address instead.")
    if not 1 <= days <= 90:
        raise ValidationError("A share link lasts between 1 and 90 days.")
    now = timezone.now()
    return ShareLink.objects.create(
        article=article, created_by=by, created_at=now, expires_at=now + timedelta(days=days)
    )


def revoke(*, link: ShareLink, by) -> bool:
    if not roles.can_open(by, link.article):
        raise PermissionDenied
    if link.revoked_at is not None:
        return False
    link.revoked_at, link.revoked_by = timezone.now(), by
    link.save(update_fields=["revoked_at", "revoked_by"])
    return True


def _private(response):
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the token must not travel in Referer
    return response


@require_safe
def shared_article(request, token: str):
    """The article as it stands now, with a "Draft — not published" banner; 410 once the
    link has expired or was revoked; the public page once the article is published."""
    link = ShareLink.from_token(token)
    if link is None:
        return _private(render(request, "newsroom/share_gone.html", {"reason": "unknown"},
                               status=404))  # fmt: skip
    if not link.is_live:
        reason = "revoked" if link.revoked_at else "expired"
        return _private(render(request, "newsroom/share_gone.html", {"reason": reason}, status=410))
    article = Article.objects.for_reading().get(pk=link.article_id)
    if article.is_public:
        return _private(HttpResponseRedirect(article.get_absolute_url()))
    context = {
        "article": article,
        "page": build_article_page(article, request),
        "is_preview": False,
        "is_shared": True,
        "share_link": link,
    }
    return _private(render(request, "blog/article_detail.html", context))
