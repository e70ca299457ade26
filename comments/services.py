"""Submitting a comment: validate, check, score, save, notify — one function for every caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Article
from config import ratelimit

from . import notifications, rules
from .forms import REPLY_ERROR, SECTION_ERROR, CommentForm
from .models import Comment, ModerationSettings, body_fingerprint
from .tokens import read_form_token

DUPLICATE_WINDOW = timedelta(days=1)
USER_AGENT_MAX = 300


class CommentsClosed(Exception):
    """The article takes no more comments."""


class RateLimited(Exception):
    """This client has posted too often; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"Rate limited for {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Submission:
    form: CommentForm
    comment: Comment | None = None

    @property
    def is_published(self) -> bool:
        return self.comment is not None and self.comment.is_public


def submit_comment(
    *,
    article: Article,
    data,
    ip: str,
    user_agent: str = "",
    commenter_key: str = "",
    owner_rules: ModerationSettings | None = None,
) -> Submission:
    """Turn posted form data into a stored comment, or return the form with its errors.

    ``commenter_key`` is the browser's key (``identity.key_for_post``); the comment is
    stored with it, and the caller gives the browser the cookie that holds it.

    Raises ``CommentsClosed`` and ``RateLimited``; spam is stored (status spam, with reasons)
    and reported to the caller as held, so bots learn nothing from the response.
    """
    owner_rules = owner_rules or ModerationSettings.load()
    if not article.is_public or not owner_rules.comments_open(article):
        raise CommentsClosed
    form = CommentForm(data)
    if not form.is_valid():
        return Submission(form=form)
    # No token: the browser never fetched one (JavaScript off) or a script posts directly.
    # The comment is taken and held for moderation (``rules.form_timing``). A token that is
    # there but not ours (tampered, another article's) is refused.
    sent_token = data.get("token", "")
    token = read_form_token(sent_token, article_id=article.pk) if sent_token else None
    if sent_token and token is None:
        form.add_error(None, "This form has expired or was changed. Please send it again.")
        return Submission(form=form)

    comment = form.save(commit=False)
    comment.article = article
    comment.ip_address = ip or None
    comment.user_agent = user_agent[:USER_AGENT_MAX]
    comment.form_nonce = token.nonce if token is not None else None
    comment.commenter_key = commenter_key
    if not _attach_parent(form, comment) or not _attach_section(form, comment):
        return Submission(form=form)
    if _is_duplicate(comment):
        form.add_error("body", "You have already posted this comment here.")
        return Submission(form=form)
    limit = ratelimit.RateLimit(owner_rules.rate_limit_count, owner_rules.rate_limit_minutes * 60)
    try:
        limited = ratelimit.over_limit(ip, limit)
    except ratelimit.LimiterUnavailable:
        limited = False  # a cache outage must not take commenting down; moderation applies
    if limited:
        raise RateLimited(retry_after=limit.seconds)

    comment.render()  # the link rule counts rendered links; save() reuses this HTML
    verdict = rules.judge(
        rules.Candidate(
            comment=comment, token=token, honeypot=form.cleaned_data["honeypot"], rules=owner_rules
        )
    )
    comment.status, comment.spam_score, comment.reasons = (
        verdict.status, verdict.score, verdict.reasons
    )  # fmt: skip
    # Published at once: the insert itself claims the parent's reply email (a new row races
    # with nobody), as moderation.approve's UPDATE does for a reply approved later.
    comment.parent_notified = comment.is_public and notifications.owes_parent_email(comment)
    if not _store(form, comment):
        return Submission(form=form)
    if comment.status != Comment.Status.SPAM:
        notifications.after_commit(notifications.notify_author, comment)
    if comment.parent_notified:
        notifications.after_commit(notifications.notify_parent, comment)
    return Submission(form=form, comment=comment)


def _attach_parent(form: CommentForm, comment: Comment) -> bool:
    reply_to = form.cleaned_data.get("reply_to")
    if not reply_to:
        return True
    parent = Comment.objects.approved().filter(article=comment.article, pk=reply_to).first()
    if parent is None:
        form.add_error(None, REPLY_ERROR)
        return False
    comment.parent = parent
    return True


def _attach_section(form: CommentForm, comment: Comment) -> bool:
    """The section answered: one of this article's (the id is the reader's input). A reply
    answers what its parent answers, so a section's threads stay whole."""
    section_id = form.cleaned_data.get("section")
    if section_id and not comment.article.sections.filter(pk=section_id).exists():
        form.add_error(None, SECTION_ERROR)
        return False
    comment.section_id = comment.parent.section_id if comment.parent else section_id
    return True


def _is_duplicate(comment: Comment) -> bool:
    return Comment.objects.filter(
        article=comment.article,
        body_fingerprint=body_fingerprint(comment.body),
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    ).exists()


def _store(form: CommentForm, comment: Comment) -> bool:
    """Save the comment; False (with a form error) when its form token was already used."""
    try:
        comment.full_clean()
        with transaction.atomic():
            comment.save()
    except ValidationError as error:
        if set(error.message_dict) != {"form_nonce"}:
            raise
    except IntegrityError:
        # Two posts of one form raced past full_clean; the unique nonce let one through.
        if not Comment.objects.filter(form_nonce=comment.form_nonce).exists():
            raise
    else:
        return True
    form.add_error(None, "This form was already sent. Send it again to post another comment.")
    return False
