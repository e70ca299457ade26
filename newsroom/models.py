"""The newsroom's records: every workflow move, and changes proposed to live articles."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision

from blog.models import NOTE_MAX_LENGTH, Article, limited


class Transition(models.Model):
    """One move of an article through the workflow: who, when, from, to, why."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        SUBMIT = "submit", "Submitted for review"
        WITHDRAW = "withdraw", "Withdrawn from review"
        RETURN = "return", "Returned to the author"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        UNPUBLISH = "unpublish", "Unpublished"
        PROPOSE = "propose", "Change proposed"
        APPROVE = "approve", "Proposed change approved"
        REJECT = "reject", "Proposed change returned"
        RESTORE = "restore", "Earlier revision restored"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action)
    from_status = models.CharField(max_length=20, choices=Article.Status)
    to_status = models.CharField(max_length=20, choices=Article.Status)
    note = models.TextField(
        blank=True, max_length=NOTE_MAX_LENGTH, validators=limited(NOTE_MAX_LENGTH)
    )
    # The revision this move saved (the article's state right after it), if it saved one.
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="transitions"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at", "-id"], name="transition_article_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article_id} at {self.at:%Y-%m-%d %H:%M}"


class ProposedChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ProposedChange.State.PENDING)


class ProposedChange(models.Model):
    """An author's save of their published article, kept as a revision until an editor
    approves it (it goes live) or returns it (nothing changes)."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The proposed state, stored like any revision but never applied until approved.
    revision = models.OneToOneField(Revision, on_delete=models.PROTECT, related_name="proposal")
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(
        blank=True, max_length=NOTE_MAX_LENGTH, validators=limited(NOTE_MAX_LENGTH)
    )

    objects = ProposedChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "-created_at"], name="proposal_state_idx")]
        constraints = [
            # One pending proposal per article: a second save by its author replaces it.
            models.UniqueConstraint(
                fields=["article"], condition=Q(state="pending"), name="proposal_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"Proposed change to “{self.article}” ({self.get_state_display()})"


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


class ShareLinkQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A signed, expiring, revocable link showing an unpublished article to an outsider."""

    SALT = "newsroom.share-link"
    DEFAULT_DAYS = 7

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    nonce = models.CharField(max_length=64, unique=True, default=new_nonce, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "-created_at"], name="sharelink_article_idx")]

    def __str__(self) -> str:
        return f"Share link for “{self.article}” until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("newsroom:share", args=[self.token])

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def token(self) -> str:
        # Signer, not dumps(): no timestamp, so one link has one address (expiry is in the DB).
        return signing.Signer(salt=self.SALT).sign_object([self.pk, self.nonce])

    @classmethod
    def from_token(cls, token: str) -> ShareLink | None:
        """The link a token names, or None for a forged or mangled one."""
        try:
            pk, nonce = signing.Signer(salt=cls.SALT).unsign_object(token)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        link = cls.objects.select_related("article").filter(pk=pk).first()
        if link is None or not secrets.compare_digest(str(nonce), link.nonce):
            return None
        return link


class AutosaveQuerySet(models.QuerySet):
    def of(self, *, user, article_id: int | None):
        """``user``'s draft of one article, or of the new article they have not saved yet."""
        return self.filter(user=user, article_id=article_id)


class Autosave(models.Model):
    """What one person had typed into an article's form and not saved: the whole form state,
    kept privately until they save the article or discard it.

    Not a revision: nobody else sees it and nothing public reads it. One per person per
    article, and one per person for a new article not saved yet (``article`` empty).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # {"fields": [[name, value], …] in form order, "labels": {select name: option text}}
    form_state = models.JSONField()
    saved_at = models.DateTimeField(default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_article",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new"
            ),
        ]

    def __str__(self) -> str:
        return f"Unsaved changes by {self.user_id} to {self.article_id or 'a new article'}"


class EditingPresenceQuerySet(models.QuerySet):
    def current(self, *, now=None):
        """People whose form has sent a heartbeat recently enough to be still open."""
        now = now or timezone.now()
        return self.filter(seen_at__gte=now - EditingPresence.TIMEOUT)


class EditingPresence(models.Model):
    """Someone has an article's change form open: since when, and their last heartbeat."""

    # The form beats every ~30 s; browsers slow timers in background tabs, so allow a few.
    TIMEOUT = timedelta(seconds=120)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    objects = EditingPresenceQuerySet.as_manager()

    class Meta:
        ordering = ["since", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="presence_one_per_person")
        ]
        indexes = [models.Index(fields=["article", "seen_at"], name="presence_article_seen_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} has article {self.article_id} open since {self.since:%H:%M}"
