"""The newsroom's article admin: blog's ``ArticleAdmin`` with the workflow, revisions and
proposed changes. It replaces blog's registration (``blog`` never imports this app).

* Saves that go live (editors; authors on articles not yet published) are recorded as a
  revision, and a status change made in the form as a ``Transition``.
* An author's save of their published article runs in a savepoint that is rolled back once
  the result is captured: every write path of the form — fields, sections, tags, product
  boxes, any inline another app adds — is diverted into the pending revision, and readers,
  feeds, sitemap and caches keep the live version.
* The history page (Django's URL) lists revisions with who, when, move and note, compares
  any two, and restores one as a new revision.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import ngettext

from blog import prepublish, roles
from blog.admin import ArticleAdmin, ArticleAdminForm
from blog.models import Article
from blog.presentation import author_name

from . import dashboard, diff, revisions, sharing, workflow
from .editing_admin import EditingAdminMixin
from .models import ProposedChange, ShareLink, Transition

Action = Transition.Action

# Buttons of the change form: name → (move, label).
BUTTONS = {
    "_submit": (Action.SUBMIT, "Save and submit for review"),
    "_withdraw": (Action.WITHDRAW, "Save and withdraw from review"),
    "_return": (Action.RETURN, "Save and return to the author"),
    "_publish": (Action.PUBLISH, "Save and publish now"),
    "_unpublish": (Action.UNPUBLISH, "Save and unpublish"),
}


class NewsroomArticleForm(ArticleAdminForm):
    workflow_note = forms.CharField(
        label="Note for the desk",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text="Sent with “submit for review” or “return to the author”, and kept in the "
        "article's history.",
    )

    override_reason = forms.CharField(
        label="Override checks",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
        help_text="Editors: to publish despite the checklist's errors, say why (kept in the "
        "history).",
    )

    def clean_workflow_note(self):
        note = self.cleaned_data["workflow_note"]
        if "\x00" in note:
            raise ValidationError("Null characters are not allowed.")
        return note

    def clean_override_reason(self):
        reason = self.cleaned_data["override_reason"]
        if "\x00" in reason:
            raise ValidationError("Null characters are not allowed.")
        return reason


class NewsroomArticleAdmin(EditingAdminMixin, ArticleAdmin):
    form = NewsroomArticleForm
    change_form_template = "newsroom/admin/article_change_form.html"
    actions = ["publish_now", "unpublish", *ArticleAdmin.lead_actions]
    fieldsets = [
        *ArticleAdmin.fieldsets,
        ("Workflow", {"fields": ["workflow_note", "override_reason"]}),
    ]

    class Media:
        # Autosave, restore and presence (newsroom/editing_admin.py).
        css = {"all": ["css/admin-autosave.css"]}
        js = ["js/admin-autosave.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if roles.is_editor(request.user):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "override_reason"]})
            for name, options in fieldsets
        ]

    def dashboard_panels(self, request) -> list[dict]:
        """The admin index's panels (config.admin): my drafts, the review queue…"""
        return dashboard.panels(request)

    # --- who may save what -----------------------------------------------------------

    def may_edit(self, request, article) -> bool:
        # Authors may save their published article: the save becomes a proposed change.
        return True

    def _proposing(self, request, object_id) -> Article | None:
        """The article if this request is an author's save of their published article."""
        if not object_id or roles.is_editor(request.user):
            return None
        article = self.get_queryset(request).filter(pk=object_id).first()
        if article is None or roles.edits_go_live(request.user, article):
            return None
        return article

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = self._save_or_propose(request, object_id, form_url, extra_context)
        # Both outside the savepoint an author's proposal is rolled back in.
        if request.method == "POST" and response.status_code == 302:
            self.forget_draft_after_save(request, object_id)  # saved, live or as a proposal
        elif response.status_code == 200:
            self.note_presence(request, object_id)
        return response

    def _save_or_propose(self, request, object_id, form_url, extra_context):
        article = self._proposing(request, object_id)
        if article is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        pending = article.proposals.pending().select_related("revision").first()
        extra_context = {**(extra_context or {}), "proposal": pending}
        if request.method != "POST":
            return self._show_proposed(request, object_id, form_url, extra_context, pending)
        request.newsroom_proposing = True
        captured = None
        with transaction.atomic():
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if response.status_code == 302:
                captured = revisions.capture(article)
                note = request.POST.get("workflow_note", "")[:2000].replace("\x00", "")
            transaction.set_rollback(True)  # the live article stays exactly as it was
        if captured is not None:
            workflow.propose(article=article, by=request.user, versions=captured, note=note)
        return response

    def _show_proposed(self, request, object_id, form_url, extra_context, pending):
        """The author keeps editing their pending proposal, not the live text."""
        if pending is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            revisions.revision_revert(pending.revision)
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        return response

    def response_change(self, request, obj):
        if getattr(request, "newsroom_proposing", False):
            # Django's "changed successfully" would mislead: nothing readers see changed.
            self.message_user(
                request,
                "Your change is saved as a proposal: readers see the published version "
                "until an editor approves it.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:blog_article_change", args=[obj.pk]))
        if getattr(request, "newsroom_stay", False):
            return HttpResponseRedirect(reverse("admin:blog_article_change", args=[obj.pk]))
        return super().response_change(request, obj)

    # --- every live save is recorded ------------------------------------------------

    def save_model(self, request, obj, form, change):
        request.newsroom_from_status = form.initial.get("status") if change else None
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        button = self._button(request)
        if button is None or obj is None or getattr(request, "newsroom_proposing", False):
            return form_class

        class WorkflowForm(form_class):
            def clean(self):
                cleaned = super().clean()
                # The move is checked before anything is saved, so a refused one comes back
                # as an error on the form with everything typed kept.
                try:
                    workflow.check(
                        article=obj, action=BUTTONS[button][0], by=request.user,
                        note=cleaned.get("workflow_note", ""),
                    )  # fmt: skip
                except ValidationError as error:
                    self.add_error(None, error.messages)
                return cleaned

        return WorkflowForm

    def _button(self, request) -> str | None:
        if request.method != "POST":
            return None
        return next((name for name in BUTTONS if name in request.POST), None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(request, "newsroom_proposing", False):
            return
        article, note = form.instance, form.cleaned_data.get("workflow_note", "")
        override = form.cleaned_data.get("override_reason", "") if roles.is_editor(
            request.user
        ) else ""  # fmt: skip
        from_status = request.newsroom_from_status
        button = self._button(request)
        if button:
            try:
                transition = workflow.perform(
                    article=article, action=BUTTONS[button][0], by=request.user, note=note,
                    override=override,
                )  # fmt: skip
            except workflow.ChecksFailed as refused:
                # The text is kept (saved as an edit); only the move is refused.
                workflow.record_save(article=article, by=request.user, from_status=from_status)
                self._refused(request, refused)
            else:
                self._advise(request, transition.findings)
            return
        if article.status == Article.Status.PUBLISHED and from_status != article.status:
            # An editor chose "Published" in the status field: the same checks apply.
            findings = prepublish.run(article)
            errors = prepublish.blocking(findings)
            if errors and not override.strip():
                article.status = from_status or Article.Status.DRAFT
                article.published_at = form.initial.get("published_at")
                article.save(update_fields=["status", "published_at", "updated_at"])
                self._refused(request, workflow.ChecksFailed(findings))
            elif errors:
                listed = "; ".join(finding.message for finding in errors)
                note = f"{note}\nChecks overridden ({listed}): {override.strip()}".strip()
        workflow.record_save(article=article, by=request.user, from_status=from_status, note=note)

    def _refused(self, request, refused) -> None:
        self.message_user(request, refused.messages[0], messages.ERROR)
        request.newsroom_stay = True

    def _advise(self, request, findings) -> None:
        if findings:
            listed = " · ".join(f"{f.level}: {f.message}" for f in findings)
            self.message_user(request, f"Checklist before publishing — {listed}", messages.WARNING)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        buttons = []
        if obj is not None and not getattr(request, "newsroom_proposing", False):
            moves = set(workflow.allowed_moves(article=obj, by=request.user))
            buttons = [(name, label) for name, (move, label) in BUTTONS.items() if move in moves]
            if not roles.edits_go_live(request.user, obj):
                buttons = []
        if add and not roles.is_editor(request.user):
            buttons = [("_submit", BUTTONS["_submit"][1])]
        # Shown with the save buttons at the top and bottom (blog's submit_line.html).
        context["extra_save_buttons"] = [*context.get("extra_save_buttons", []), *buttons]
        context.update(self.editing_context(request, obj))
        if obj is not None and roles.is_editor(request.user):
            context.setdefault("proposal", obj.proposals.pending().first())
        context["is_proposal_form"] = obj is not None and not roles.edits_go_live(request.user, obj)
        if obj is not None and not obj.is_public and request.method == "GET":
            context["checklist"] = prepublish.run(obj)
        if obj is not None and not obj.is_public:
            context["share_links"] = [
                (link, author_name(link.created_by) if link.created_by else "—",
                 request.build_absolute_uri(link.get_absolute_url()))
                for link in obj.share_links.live().select_related("created_by")
            ]  # fmt: skip
            context["may_share"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- actions -----------------------------------------------------------------------

    def _bulk(self, request, queryset, action, done):
        count, problems = 0, []
        for article in queryset:
            try:
                workflow.perform(article=article, action=action, by=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                problems.append(f"{article.title}: {' '.join(getattr(error, 'messages', []))}")
        self.message_user(request, ngettext(*done, count) % count, messages.SUCCESS)
        for problem in problems[:10]:
            self.message_user(request, problem, messages.WARNING)

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_now(self, request, queryset):
        # "Publish now" also brings a scheduled article forward.
        public = queryset.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())
        self._bulk(
            request, queryset.exclude(pk__in=public.values("pk")), Action.PUBLISH,
            ("%d article published.", "%d articles published."),
        )  # fmt: skip

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._bulk(
            request, queryset.filter(status=Article.Status.PUBLISHED), Action.UNPUBLISH,
            ("%d article unpublished.", "%d articles unpublished."),
        )  # fmt: skip

    # --- history, compare, restore, proposals ------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            *self.editing_urls(),
            path("<int:object_id>/proposal/", wrap(self.proposal_view),
                 name="blog_article_proposal"),
            path("<int:object_id>/history/<int:revision_id>/restore/", wrap(self.restore_view),
                 name="blog_article_restore"),
            path("<int:object_id>/share/", wrap(self.share_view), name="blog_article_share"),
            path("<int:object_id>/share/<int:link_id>/revoke/", wrap(self.revoke_share_view),
                 name="blog_article_share_revoke"),
            *super().get_urls(),
        ]  # fmt: skip

    def _article(self, request, object_id) -> Article:
        article = self.get_object(request, str(object_id))  # 404 for someone else's
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        article = self._article(request, object_id)
        rows = list(
            revisions.revisions_of(article)
            .select_related("proposal__proposer")
            .prefetch_related("transitions__actor")
        )
        comparison, pair = None, None
        chosen = [request.GET.get("a", ""), request.GET.get("b", "")]
        if all(value.isdigit() for value in chosen):
            by_id = {revision.pk: revision for revision in rows}
            old, new = (by_id.get(int(value)) for value in chosen)
            if old and new:
                if old.date_created > new.date_created:
                    old, new = new, old
                before, after = revisions.snapshots(
                    [revisions.versions_of(old), revisions.versions_of(new)]
                )
                comparison, pair = diff.compare(before, after), (old, new)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {article}",
            "subtitle": None,
            "opts": self.opts,
            "object": article,
            "original": article,
            "rows": [_row(revision) for revision in rows],
            "comparison": comparison,
            "pair": pair,
            "may_restore": roles.edits_go_live(request.user, article),
            "has_view_permission": True,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "newsroom/admin/article_history.html", context)

    def restore_view(self, request, object_id, revision_id):
        article = self._article(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:blog_article_history", args=[article.pk]))
        revision = get_object_or_404(revisions.revisions_of(article), pk=revision_id)
        if hasattr(revision, "proposal") and revision.proposal.state != "approved":
            raise PermissionDenied("A proposal goes live by approval, not by restoring it.")
        workflow.restore(article=article, revision=revision, by=request.user)
        self.message_user(request, "The earlier revision is live again, as a new revision.")
        return HttpResponseRedirect(reverse("admin:blog_article_history", args=[article.pk]))

    def share_view(self, request, object_id):
        """POST: a new share link for this unpublished article (its author or an editor)."""
        article = self._article(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:blog_article_change", args=[article.pk]))
        days = request.POST.get("share_days", "")
        days = int(days) if days.isdigit() and len(days) < 4 else ShareLink.DEFAULT_DAYS
        try:
            link = sharing.create(article=article, by=request.user, days=days)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            url = request.build_absolute_uri(link.get_absolute_url())
            self.message_user(request, f"Share link made, valid for {days} days: {url}")
        return HttpResponseRedirect(reverse("admin:blog_article_change", args=[article.pk]))

    def revoke_share_view(self, request, object_id, link_id):
        article = self._article(request, object_id)
        if request.method == "POST":
            link = get_object_or_404(article.share_links.all(), pk=link_id)
            if sharing.revoke(link=link, by=request.user):
                self.message_user(request, "The share link no longer works.")
        return HttpResponseRedirect(reverse("admin:blog_article_change", args=[article.pk]))

    def proposal_view(self, request, object_id):
        article = self._article(request, object_id)
        proposal = article.proposals.pending().select_related("revision", "proposer").first()
        if proposal is None:
            raise Http404("No change is waiting for review.")
        is_editor = roles.is_editor(request.user)
        if request.method == "POST":
            if not is_editor:
                raise PermissionDenied
            note = request.POST.get("note", "")[:2000].replace("\x00", "")
            try:
                if "_approve" in request.POST:
                    workflow.approve(proposal=proposal, by=request.user, note=note)
                    self.message_user(request, "The change is live.", messages.SUCCESS)
                else:
                    workflow.reject(proposal=proposal, by=request.user, note=note)
                    self.message_user(request, "The change went back to its author.")
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(reverse("admin:blog_article_change", args=[article.pk]))
        # Approving replaces the live text: say so if the desk changed it since.
        changed_since = (
            article.transitions.filter(at__gt=proposal.created_at)
            .exclude(action__in=[Action.PROPOSE, Action.REJECT])
            .select_related("actor")
            .first()
        )
        live, proposed = revisions.snapshots(
            [revisions.capture(article), revisions.versions_of(proposal.revision)]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Proposed change: {article}",
            "opts": self.opts,
            "original": article,
            "proposal": proposal,
            "comparison": diff.compare(live, proposed),
            "changed_since": changed_since,
            "changed_by": author_name(changed_since.actor)
            if changed_since and changed_since.actor
            else "",
            "is_editor": is_editor,
        }
        return TemplateResponse(request, "newsroom/admin/proposal.html", context)


def _row(revision) -> dict:
    transitions = list(revision.transitions.all())
    proposal = getattr(revision, "proposal", None)
    return {
        "revision": revision,
        "who": author_name(revision.user) if revision.user else "—",
        "what": "; ".join(t.get_action_display() for t in transitions) or revision.comment,
        "notes": [t.note for t in transitions if t.note],
        "moves": [
            f"{Article.Status(t.from_status).label} → {Article.Status(t.to_status).label}"
            for t in transitions
            if t.from_status != t.to_status
        ],
        "proposal": proposal,
        "restorable": proposal is None or proposal.state == ProposedChange.State.APPROVED,
    }


admin.site.unregister(Article)
admin.site.register(Article, NewsroomArticleAdmin)
