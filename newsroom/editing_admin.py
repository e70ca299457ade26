"""The article form's autosave and presence, for ``NewsroomArticleAdmin``.

Endpoints (staff only through ``admin_view``, CSRF-protected, checked on the object):

* ``…/article/<id>/autosave/`` and ``…/article/add/autosave/`` — POST the form's state as
  JSON (``newsroom.autosave.parse``); kept as the person's private draft.
* ``…/autosave/discard/`` beside each — POST: forget the draft (the form's "Discard").
* ``…/article/<id>/presence/`` — POST: a heartbeat (``leaving=1`` when the page goes);
  answers with the sentence naming the others who have the form open.

The form's context carries the draft, the presence notice and the addresses as one JSON
object (``autosave_config``, the offer's ``data-config``) read by
``static/js/admin-autosave.js``.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse

from . import autosave, presence

# Drafts saved on this browser's local storage for keys listed here are cleared by the next
# form the person opens: their article was saved since (the page after a save may be the
# list, which has no autosave script).
SAVED_SESSION_KEY = "newsroom_autosave_saved"


def local_key(user, article_id: int | None) -> str:
    """The browser's local-storage key for a person's draft (never shared between people)."""
    return f"broadsheet.autosave.{user.pk}.{article_id or 'new'}"


def _article_id(object_id) -> int | None:
    return int(object_id) if object_id and str(object_id).isdigit() else None


class EditingAdminMixin:
    # Seconds between autosaves (when something changed) and between presence heartbeats.
    editing_interval = 30

    def editing_urls(self) -> list:
        wrap = self.admin_site.admin_view
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("add/autosave/", wrap(self.autosave_view), name=f"{info}_autosave_new"),
            path("add/autosave/discard/", wrap(self.discard_autosave_view),
                 name=f"{info}_autosave_discard_new"),
            path("<int:object_id>/autosave/", wrap(self.autosave_view), name=f"{info}_autosave"),
            path("<int:object_id>/autosave/discard/", wrap(self.discard_autosave_view),
                 name=f"{info}_autosave_discard"),
            path("<int:object_id>/presence/", wrap(self.presence_view), name=f"{info}_presence"),
        ]  # fmt: skip

    def _article_to_edit(self, request, object_id):
        """The article the person may change (None: a new one they may add), or refuse."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = self.get_object(request, str(object_id))  # 404 for one they cannot open
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_to_edit(request, object_id)
        # Refused before the body is read: a huge post costs nothing but its headers.
        if int(request.META.get("CONTENT_LENGTH") or 0) > autosave.MAX_BYTES:
            return JsonResponse({"error": "This draft is too large to keep on the server."},
                                status=413)  # fmt: skip
        try:
            form_state = autosave.parse(request.body)
        except autosave.InvalidDraft as error:
            return JsonResponse({"error": str(error)}, status=400)
        saved_at = autosave.store(
            user=request.user, article_id=article.pk if article else None, form_state=form_state
        )
        return JsonResponse({"saved_at": saved_at.isoformat(), "display": autosave.when(saved_at)})

    def discard_autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_to_edit(request, object_id)
        autosave.discard(user=request.user, article_id=article.pk if article else None)
        return JsonResponse({"discarded": True})

    def presence_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, str(object_id))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("leaving"):
            presence.leave(article=article, user=request.user)
            return JsonResponse({"notice": ""})
        presence.heartbeat(article_id=article.pk, user=request.user)
        notice = presence.notice(presence.others(article=article, user=request.user))
        return JsonResponse({"notice": notice})

    # --- the form -------------------------------------------------------------------

    def editing_context(self, request, obj) -> dict:
        """What the change or add form needs: the person's draft, who else is here."""
        article_id = obj.pk if obj is not None else None
        suffix = "" if obj is not None else "_new"
        args = [obj.pk] if obj is not None else []
        info = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        notice = None
        if obj is not None:  # their own arrival is noted by note_presence
            notice = presence.notice(presence.others(article=obj, user=request.user))
        may_save = (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request)
        )
        context = {
            "presence_notice": notice,
            "presence_url": reverse(f"{info}_presence", args=args) if obj is not None else "",
            "editing_interval": self.editing_interval,
            "autosave_config": None,
        }
        if not may_save:  # a read-only form has nothing to autosave
            return context
        draft = autosave.draft_for(user=request.user, article_id=article_id)
        config = {
            "autosaveUrl": reverse(f"{info}_autosave{suffix}", args=args),
            "discardUrl": reverse(f"{info}_autosave_discard{suffix}", args=args),
            "storageKey": local_key(request.user, article_id),
            "clearKeys": request.session.pop(SAVED_SESSION_KEY, []),
            "timeZone": settings.TIME_ZONE,
            "interval": self.editing_interval,
            "maxBytes": autosave.MAX_BYTES,
            "draft": {
                "savedAt": draft.saved_at.isoformat(),
                "display": autosave.when(draft.saved_at),
                "state": draft.form_state,
            }
            if draft
            else None,
        }
        # In an attribute, not a json_script block: the CSP tests allow no inline <script>.
        return {**context, "autosave_config": json.dumps(config)}

    def note_presence(self, request, object_id) -> None:
        """The person has the article's form in front of them (the view answered 200)."""
        article_id = _article_id(object_id)
        if article_id:
            presence.heartbeat(article_id=article_id, user=request.user)

    def forget_draft_after_save(self, request, object_id) -> None:
        """The person's save went through: their draft (server and browser) is spent."""
        article_id = _article_id(object_id)
        autosave.discard(user=request.user, article_id=article_id)
        key = local_key(request.user, article_id)
        saved = [k for k in request.session.get(SAVED_SESSION_KEY, []) if k != key]
        request.session[SAVED_SESSION_KEY] = [*saved, key][-20:]
