""" "Check now" in the admin: start a check of one link or of all links, and watch it.

Thin views over ``checking`` (the run and its background thread); ``AffiliateLinkAdmin``
routes them. Starting or continuing a check writes, so it takes a POST (with CSRF) and the
permission to change links; the status page and its JSON are read-only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import checking
from .models import AffiliateLink, LinkCheckRun

BROKEN_SHOWN = 50


def status_url(run: LinkCheckRun) -> str:
    return reverse("admin:affiliates_affiliatelink_check_status", args=[run.pk])


@require_POST
def check_all_view(request, *, model_admin):
    """Every active link, as the nightly command checks them."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    run = checking.request_check(requested_by=request.user)
    return HttpResponseRedirect(status_url(run))


@require_POST
def check_one_view(request, object_id: str, *, model_admin):
    """One link, from its page (whether or not it is active)."""
    link = model_admin.get_object(request, unquote(object_id))
    if link is None:
        raise Http404("No such affiliate link.")
    if not model_admin.has_change_permission(request, link):
        raise PermissionDenied
    run = checking.request_check(link=link, requested_by=request.user)
    return HttpResponseRedirect(status_url(run))


def check_selected(model_admin, request, queryset):
    """The list's action: the ticked links, active or not."""
    run = checking.request_check(
        link_ids=queryset.values_list("pk", flat=True), requested_by=request.user
    )
    return HttpResponseRedirect(status_url(run))


@require_POST
def resume_view(request, run_id: int, *, model_admin):
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    run = get_object_or_404(LinkCheckRun, pk=run_id)
    if checking.resume(run):
        model_admin.message_user(request, "The check goes on where it stopped.", messages.INFO)
    return HttpResponseRedirect(status_url(run))


def progress(run: LinkCheckRun) -> dict:
    """What the status page and its script show: the same words with and without JS."""
    return {
        "state": run.state,
        "finished": run.finished_at is not None,
        "checked": run.checked,
        "total": run.total,
        "broken": run.broken,
        "message": run.progress_text,
    }


def status_view(request, run_id: int, *, model_admin):
    """The run's progress; polled by admin-link-check.js, refreshed by itself without it."""
    if not model_admin.has_reports_permission(request):
        raise PermissionDenied
    run = get_object_or_404(LinkCheckRun.objects.select_related("link"), pk=run_id)
    if request.GET.get("format") == "json":
        response = JsonResponse(progress(run))
        response["Cache-Control"] = "no-store"
        return response
    broken = []
    if run.finished_at is not None:
        # Links found broken since the run started (by it, or a check beside it): by the
        # (health, name) index, and never a list of thousands of ids in the query.
        found = AffiliateLink.objects.filter(
            health=AffiliateLink.Health.BROKEN, last_checked_at__gte=run.requested_at
        )
        if run.link_id:
            found = found.filter(pk=run.link_id)
        broken = list(
            found.only("id", "name", "health", "last_status", "last_error")[:BROKEN_SHOWN]
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Checking {run.scope_text}",
        "run": run,
        "progress": progress(run),
        "broken_links": broken,
        "json_url": f"{status_url(run)}?format=json",
        "resume_url": reverse("admin:affiliates_affiliatelink_check_resume", args=[run.pk]),
        "changelist_url": reverse("admin:affiliates_affiliatelink_changelist"),
        "link_url": (
            reverse("admin:affiliates_affiliatelink_change", args=[run.link_id])
            if run.link_id
            else ""
        ),
    }
    response = TemplateResponse(request, "affiliates/admin/check_run.html", context)
    response["Cache-Control"] = "no-store"
    return response
