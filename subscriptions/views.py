"""Following by email: the form's post, the confirmation and unsubscribe pages.

No CSRF cookie anywhere here, so the pages showing the form stay cookie-free and cacheable:
the form's post is checked by ``config.origin.same_origin``, a signed timestamp token and a
honeypot, and rate-limited per client; the confirm and unsubscribe posts are authorised by
their signed tokens (mail clients post the RFC 8058 one-click unsubscribe without any cookie).
GETs of links from emails only show a page with a button, because mail scanners follow links.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from blog.models import Tag
from config.clientip import client_ip
from config.origin import same_origin

from . import services
from .forms import MAX_TAG_CHOICES, FollowForm
from .models import Subscriber
from .presentation import follow_box
from .tokens import (
    form_token_problem,
    issue_form_token,
    read_confirmation_token,
    read_unsubscribe_token,
)


def _personal(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "HEAD"])
def form_token(request):
    """A fresh form token for one reader, fetched by static/js/form-token.js when they start
    typing (the cached pages carry none). Another site's page cannot read it (no CORS)."""
    return _personal(JsonResponse({"token": issue_form_token()}))


@csrf_exempt
@require_POST
def subscribe(request):
    if not same_origin(request):
        return _personal(render(request, "subscriptions/forbidden.html", status=403))
    # The tags offered were the article's; the ones ticked come back (at most 20 ids).
    ticked = [value for value in request.POST.getlist("tags")[:MAX_TAG_CHOICES] if value.isdigit()]
    choices = list(Tag.objects.filter(pk__in=ticked)) if ticked else []
    form = FollowForm(request.POST, tag_choices=choices)
    valid = form.is_valid()
    if form.data.get("website"):
        # A bot filled the honeypot: it hears what a person would, and nothing is sent.
        return _personal(render(request, "subscriptions/check_inbox.html"))
    problem = form_token_problem(form.data.get("stamp", ""))
    if problem:
        form.add_error(None, problem)
        valid = False
    if not valid:
        box = follow_box(tags=choices, form=form)
        return _personal(render(request, "subscriptions/subscribe.html", {"box": box}, status=400))
    try:
        services.request_subscription(
            email=form.cleaned_data["email"],
            tags=list(form.cleaned_data["tags"]),
            ip=client_ip(request),
        )
    except services.RateLimited:
        response = render(request, "subscriptions/rate_limited.html", status=429)
        response["Retry-After"] = str(services.CLIENT_LIMIT.seconds)
        return _personal(response)
    return _personal(render(request, "subscriptions/check_inbox.html"))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    parsed = read_confirmation_token(token)
    if parsed is None:
        return _personal(
            render(request, "subscriptions/confirm.html", {"invalid": True}, status=404)
        )
    if request.method == "POST":
        services.confirm(token=token)
        return _personal(render(request, "subscriptions/confirm.html", {"done": True}))
    return _personal(render(request, "subscriptions/confirm.html", {"email": parsed[0]}))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    subscriber_id = read_unsubscribe_token(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    if subscriber is None:
        return _personal(
            render(request, "subscriptions/unsubscribe.html", {"invalid": True}, status=404)
        )
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber)
        return _personal(render(request, "subscriptions/unsubscribe.html", {"done": True}))
    return _personal(render(request, "subscriptions/unsubscribe.html", {"subscriber": subscriber}))
