"""The one service for moving articles through the workflow, shared by the admin and any API.

draft → in review → published (or scheduled: published with a future date) → unpublished;
"return" sends an article in review back to draft with the editor's note. Each move is a row
of ``MOVES``: who may make it, from which states, to which. ``perform`` checks the person on
the object (``blog.roles``), writes, records a revision and a ``Transition``, and queues the
emails for after the commit. Proposed changes (an author's save of a published article) are
kept, approved and returned here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from blog import prepublish, roles
from blog.models import Article

from . import notify, revisions
from .models import ProposedChange, Transition

Status = Article.Status
Action = Transition.Action


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    editors_only: bool
    needs_note: bool = False


MOVES: dict[str, Move] = {
    Action.SUBMIT: Move(frozenset({Status.DRAFT, Status.UNPUBLISHED}), Status.REVIEW, False),
    Action.WITHDRAW: Move(frozenset({Status.REVIEW}), Status.DRAFT, False),
    Action.RETURN: Move(frozenset({Status.REVIEW}), Status.DRAFT, True, needs_note=True),
    Action.PUBLISH: Move(
        frozenset({Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED, Status.PUBLISHED}),
        Status.PUBLISHED, True,
    ),
    Action.SCHEDULE: Move(
        frozenset({Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED, Status.PUBLISHED}),
        Status.PUBLISHED, True,
    ),
    Action.UNPUBLISH: Move(frozenset({Status.PUBLISHED}), Status.UNPUBLISHED, True),
}  # fmt: skip


def allowed_moves(*, article: Article, by) -> list[str]:
    """The moves ``by`` may make on ``article`` now (for buttons; ``perform`` checks again)."""
    if not roles.can_open(by, article):
        return []
    moves = []
    for action, move in MOVES.items():
        if move.editors_only and not roles.is_editor(by):
            continue
        if article.status not in move.sources:
            continue
        if action == Action.PUBLISH and article.is_public:
            continue
        moves.append(action)
    return moves


def check(*, article: Article, action: str, by, note: str = "", when=None) -> Move:
    """Raise PermissionDenied or ValidationError if ``by`` may not make the move now."""
    return _check(article, action, by, note, when)


def _check(article: Article, action: str, by, note: str, when) -> Move:
    move = MOVES.get(action)
    if move is None:
        raise ValidationError(f"Unknown move “{action}”.")
    if not roles.can_open(by, article) or (move.editors_only and not roles.is_editor(by)):
        raise PermissionDenied("Only an editor may do that.")
    if article.status not in move.sources:
        raise ValidationError(
            f"“{article.title}” is {article.get_status_display().lower()}: it cannot be "
            f"{Action(action).label.lower()} now."
        )
    if move.needs_note and not note.strip():
        raise ValidationError("Say why, in the note: the author will read it.")
    if action == Action.SCHEDULE and (when is None or when <= timezone.now()):
        raise ValidationError("A scheduled article needs a publication date in the future.")
    if action == Action.PUBLISH and article.is_public:
        raise ValidationError(f"“{article.title}” is already published.")
    return move


class ChecksFailed(ValidationError):
    """Publishing refused by pre-publish errors (``findings`` holds the whole checklist)."""

    def __init__(self, findings):
        self.findings = findings
        errors = prepublish.blocking(findings)
        super().__init__(
            ["Not published: " + "; ".join(finding.message for finding in errors)
             + " — an editor may publish anyway with a reason in “Override checks”."]
        )  # fmt: skip


@transaction.atomic
def perform(
    *, article: Article, action: str, by, note: str = "", when=None, override: str = ""
) -> Transition:
    """Make one move; raises PermissionDenied or ValidationError and then changes nothing.

    Publishing and scheduling run the pre-publish checks (``blog.prepublish``): errors raise
    ``ChecksFailed`` unless ``override`` gives the editor's reason, which the trail keeps.
    Submitting runs them as advice: the returned transition's ``findings`` lists them.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    move = _check(article, action, by, note, when)
    findings = []
    if action in (Action.PUBLISH, Action.SCHEDULE, Action.SUBMIT):
        findings = prepublish.run(article)
        errors = prepublish.blocking(findings)
        if errors and action != Action.SUBMIT:
            if not override.strip():
                raise ChecksFailed(findings)
            overridden = "; ".join(finding.message for finding in errors)
            note = f"{note.strip()}\nChecks overridden ({overridden}): {override.strip()}"
    from_status = article.status
    article.status = move.target
    if action == Action.PUBLISH:
        article.published_at = timezone.now()
    elif action == Action.SCHEDULE:
        article.published_at = when
    article.full_clean()
    article.save()
    label = Action(action).label
    revision = revisions.record(article, user=by, comment=label)
    transition = Transition.objects.create(
        article=article, actor=by, action=action, from_status=from_status,
        to_status=article.status, note=note.strip(), revision=revision,
    )  # fmt: skip
    _announce(article, action, by, note)
    transition.findings = findings
    return transition


def _announce(article: Article, action: str, by, note: str) -> None:
    label = Action(action).label
    if action == Action.SUBMIT:
        notify.to_editors(article=article, actor=by, subject=label, note=note)
    elif action in (Action.PUBLISH, Action.SCHEDULE, Action.RETURN, Action.UNPUBLISH):
        notify.to_author(article=article, actor=by, subject=label, note=note)


def derived_action(from_status: str, to_status: str, article: Article) -> str:
    """What an editor did by changing the status field in the form."""
    if to_status == Status.PUBLISHED:
        return Action.SCHEDULE if article.is_scheduled else Action.PUBLISH
    return {
        Status.REVIEW: Action.SUBMIT,
        Status.UNPUBLISHED: Action.UNPUBLISH,
        Status.DRAFT: Action.RETURN if from_status == Status.REVIEW else Action.WITHDRAW,
    }[to_status]


@transaction.atomic
def record_save(*, article: Article, by, from_status: str | None, note: str = "") -> Transition:
    """Record a save made through a form: a revision, and the move if the status changed.

    The form only offers the status field to editors (``blog.admin``), so a changed status
    here is an editor's decision; the check is repeated all the same.
    """
    created = from_status is None
    if from_status is not None and from_status != article.status:
        if not roles.is_editor(by):
            raise PermissionDenied("Only an editor may change an article's status.")
        action = derived_action(from_status, article.status, article)
    else:
        action = Action.CREATE if created else Action.EDIT
    label = Action(action).label
    revision = revisions.record(article, user=by, comment=label)
    transition = Transition.objects.create(
        article=article, actor=by, action=action,
        from_status=from_status or article.status, to_status=article.status,
        note=note.strip(), revision=revision,
    )  # fmt: skip
    if action not in (Action.CREATE, Action.EDIT):
        _announce(article, action, by, note)
    return transition


# --- proposed changes --------------------------------------------------------------------


@transaction.atomic
def propose(*, article: Article, by, versions, note: str = "") -> ProposedChange:
    """Keep an author's save of their published article as a pending revision."""
    if not roles.can_open(by, article):
        raise PermissionDenied
    revision = revisions.store(versions, user=by, comment=Action.PROPOSE.label)
    pending = ProposedChange.objects.select_for_update().filter(article=article).pending()
    pending.update(
        state=ProposedChange.State.RETURNED, decided_at=timezone.now(), decided_by=by,
        note="Replaced by a later proposal.",
    )  # fmt: skip
    proposal = ProposedChange.objects.create(article=article, proposer=by, revision=revision)
    Transition.objects.create(
        article=article, actor=by, action=Action.PROPOSE, from_status=article.status,
        to_status=article.status, note=note.strip(), revision=revision,
    )  # fmt: skip
    notify.to_editors(
        article=article, actor=by, subject=Action.PROPOSE.label, note=note,
        path=reverse("admin:blog_article_proposal", args=[article.pk]),
    )  # fmt: skip
    return proposal


def _decide(proposal: ProposedChange, by) -> ProposedChange:
    proposal = ProposedChange.objects.select_for_update().get(pk=proposal.pk)
    if not roles.is_editor(by):
        raise PermissionDenied("Only an editor may decide on a proposed change.")
    if proposal.state != ProposedChange.State.PENDING:
        raise ValidationError("This proposed change was already decided.")
    return proposal


# What the author could not change, kept from the live article when a proposal goes live.
KEPT_ON_APPROVAL = ("status", "published_at", "slug", "author_id")


@transaction.atomic
def approve(*, proposal: ProposedChange, by, note: str = "") -> Transition:
    """The proposal goes live through ordinary saves (so every cache hears of it)."""
    proposal = _decide(proposal, by)
    live = Article.objects.select_for_update().get(pk=proposal.article_id)
    kept = {name: getattr(live, name) for name in KEPT_ON_APPROVAL}
    revisions.revision_revert(proposal.revision)
    article = Article.objects.get(pk=live.pk)
    for name, value in kept.items():
        setattr(article, name, value)
    revisions.resave(article)
    proposal.state, proposal.decided_by = ProposedChange.State.APPROVED, by
    proposal.decided_at, proposal.note = timezone.now(), note.strip()
    proposal.save()
    revision = revisions.record(article, user=by, comment=Action.APPROVE.label)
    transition = Transition.objects.create(
        article=article, actor=by, action=Action.APPROVE, from_status=article.status,
        to_status=article.status, note=note.strip(), revision=revision,
    )  # fmt: skip
    notify.to_author(article=article, actor=by, subject=Action.APPROVE.label, note=note)
    return transition


@transaction.atomic
def reject(*, proposal: ProposedChange, by, note: str) -> Transition:
    """Return a proposal to its author with a note; the live article stays as it is."""
    proposal = _decide(proposal, by)
    if not note.strip():
        raise ValidationError("Say why, in the note: the author will read it.")
    proposal.state, proposal.decided_by = ProposedChange.State.RETURNED, by
    proposal.decided_at, proposal.note = timezone.now(), note.strip()
    proposal.save()
    article = proposal.article
    transition = Transition.objects.create(
        article=article, actor=by, action=Action.REJECT, from_status=article.status,
        to_status=article.status, note=note.strip(), revision=proposal.revision,
    )  # fmt: skip
    notify.to_author(article=article, actor=by, subject=Action.REJECT.label, note=note)
    return transition


@transaction.atomic
def restore(*, article: Article, revision, by) -> Transition:
    """Bring an earlier revision's text back as a new revision (nothing is destroyed).

    The live status, date, slug and author stay: restoring is about words, not the workflow.
    Editors restore on any article; authors on their own while it is not published.
    """
    live = Article.objects.select_for_update().get(pk=article.pk)
    if not (roles.can_open(by, live) and roles.edits_go_live(by, live)):
        raise PermissionDenied("Only an editor may restore a published article.")
    if not revisions.revisions_of(live).filter(pk=revision.pk).exists():
        raise PermissionDenied("That revision belongs to another article.")
    kept = {name: getattr(live, name) for name in KEPT_ON_APPROVAL}
    revisions.revision_revert(revision)
    restored = Article.objects.get(pk=live.pk)
    for name, value in kept.items():
        setattr(restored, name, value)
    revisions.resave(restored)
    when = timezone.localtime(revision.date_created).strftime("%Y-%m-%d %H:%M")
    new_revision = revisions.record(restored, user=by, comment=f"Restored the revision of {when}")
    return Transition.objects.create(
        article=restored, actor=by, action=Action.RESTORE, from_status=live.status,
        to_status=restored.status, note=f"Revision of {when}", revision=new_revision,
    )  # fmt: skip
