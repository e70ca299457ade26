"""Reader comments and the moderation rules the site owner adjusts in the admin."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from datetime import timedelta
from functools import cache, cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from blog import markup
from blog.models import Article, Section
from blog.singletons import CachedSingleton

from . import names

BODY_MAX_LENGTH = 5000
LIST_MAX_LENGTH = 20_000  # each blocked words / emails / IPs list
_URL = re.compile(r"\b(?:https?://|www\.)", re.IGNORECASE)
no_nul = ProhibitNullCharactersValidator()
http_url = URLValidator(schemes=["http", "https"])


def render_body(body: str) -> str:
    """The comment's Markdown as safe HTML (the comment profile of the one sanitiser)."""
    return markup.render_markdown(body, profile=markup.COMMENT)


def normalise_email(address: str) -> str:
    """How addresses are stored and compared: trimmed, lower case."""
    return address.strip().lower()


def body_fingerprint(body: str) -> str:
    """Equal for texts that differ only in case and spacing: what "the same text" means."""
    normalised = " ".join(body.split()).casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()[:40]


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)

    def held_for(self, article, commenter_key: str) -> CommentQuerySet:
        """This browser's own comments on ``article`` that are not public yet, as its poster
        sees them: pending, and spam too (spam must look held to its poster: bots learn
        nothing). One query, on the commenter-key index."""
        return (
            self.filter(
                article=article,
                commenter_key=commenter_key,
                status__in=[Comment.Status.PENDING, Comment.Status.SPAM],
            )
            .only(*THREAD_COLUMNS)
            .order_by("created_at", "id")
        )

    def for_thread(self, article) -> CommentQuerySet:
        """An article's public thread in one query: approved, oldest first, display columns."""
        return (
            self.approved()
            .filter(article=article)
            .only(*THREAD_COLUMNS)
            .order_by("created_at", "id")
        )

    def with_thread_key(self) -> CommentQuerySet:
        """``thread_key``: the id of the top-level comment of each comment's thread."""
        return self.annotate(thread_key=thread_key())

    def thread_page(
        self, article, *, before: int | None, size: int, section_id: int | None = None
    ) -> CommentQuerySet:
        """The approved comments of ``size`` + 1 threads, newest threads first, in one query.

        Keyset pagination over thread keys (never OFFSET): the threads whose key is below
        ``before`` (all when None), and the thread whose key is ``before`` if there is one,
        which tells the caller the cursor names a real thread (the caller drops it). The
        extra thread tells the caller an older page exists; it is not shown. Served by
        ``comment_page_idx`` (article, status, thread key), or with ``section_id`` (the
        threads answering one section: a reply records its parent's section, so whole
        threads match) by ``comment_section_idx``.
        """
        keys = self.approved().filter(article=article)
        if section_id is not None:
            keys = keys.filter(section_id=section_id)
        keys = keys.with_thread_key().order_by()
        if before is not None:
            keys = keys.filter(thread_key__lte=before)
            size += 1
        page_keys = keys.values("thread_key").distinct().order_by("-thread_key")[: size + 1]
        thread = self.for_thread(article)
        if section_id is not None:
            thread = thread.filter(section_id=section_id)
        return thread.with_thread_key().filter(thread_key__in=page_keys)

    def visible_to(self, user) -> CommentQuerySet:
        """Moderators see every comment; authors only those on their own articles."""
        if user.has_perm("comments.can_moderate"):
            return self
        return self.filter(article__author=user)


# What the thread shows of a comment (``for_thread``, ``held_for``).
THREAD_COLUMNS = (
    "id", "parent_id", "thread_root", "section_id", "name", "website", "body_html", "created_at",
)  # fmt: skip


def thread_key():
    """A comment's thread: its top-level comment's id (``thread_root``), or its own."""
    return Coalesce("thread_root", "id", output_field=models.BigIntegerField())


@cache
def approved_count():
    """Approved comments per article, as an annotation for article lists (no query per row).
    Built once per process: each query that annotates it copies it before resolving."""
    counts = (
        Comment.objects.approved()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


def section_approved_count():
    """Approved comments answering each section, as an annotation for the article's sections
    (the table of contents): one index lookup per section, inside the sections' query."""
    counts = (
        Comment.objects.approved()
        .filter(section=OuterRef("pk"))
        .order_by()
        .values("section")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

        @property
        def is_public(self) -> bool:
            """Shown on the article page (the thread) and counted in its comment count."""
            return self == Comment.Status.APPROVED

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text="The comment this one replies to.",
    )
    # The section of the article this comment answers (empty: the whole article). A key,
    # so it survives the section being renamed or moved; a deleted section leaves its
    # comments answering the whole article. Replies record their parent's section.
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        db_index=False,  # comment_section_idx starts with it
        help_text="The section of the article this comment answers.",
    )
    name = models.CharField(max_length=80, validators=[no_nul])
    email = models.EmailField(help_text="Never shown publicly.")
    website = models.URLField(blank=True, validators=[http_url])
    body = models.TextField(
        "comment",
        validators=[no_nul, MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text="As the reader typed it (Markdown); pages show the sanitised HTML.",
    )
    body_html = models.TextField(blank=True, editable=False)
    body_fingerprint = models.CharField(max_length=40, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField("date", default=timezone.now, editable=False)
    notify_replies = models.BooleanField(
        "email replies", default=False, help_text="The commenter asked to hear of replies."
    )
    # Set once the parent's author has been told of this reply, so they hear of it once.
    parent_notified = models.BooleanField(default=False, editable=False)

    # What moderation needs; IP and user agent are cleared after the retention period.
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    spam_score = models.PositiveSmallIntegerField(default=0, editable=False)
    reasons = models.JSONField(default=list, blank=True, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The top-level comment of this comment's thread (empty for a top-level comment), copied
    # from the parent on insert: pages fetch whole threads by it in one query. A plain
    # integer, not a key: a deleted top-level comment leaves its thread grouped.
    thread_root = models.BigIntegerField(null=True, blank=True, editable=False)
    # The browser's commenter key (``identity``): an approved comment vouches for its email
    # address only together with this key, which an impostor's browser does not have.
    commenter_key = models.CharField(max_length=64, blank=True, editable=False)
    # The form token's one-time nonce: unique, so a replayed form stores nothing new.
    form_nonce = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)

    objects = CommentQuerySet.as_manager()

    # (body, body_html) as this instance last rendered them; see render().
    _rendered: tuple[str, str] | None = None

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The article's thread and its approved count: (article, status) by date.
            models.Index(
                fields=["article", "status", "created_at", "id"], name="comment_thread_idx"
            ),
            # The article page's keyset pagination: threads by key, and a page's comments.
            models.Index(
                "article",
                "status",
                Coalesce("thread_root", "id", output_field=models.BigIntegerField()),
                name="comment_page_idx",
            ),
            # A section's threads (the filtered thread) and its approved count (the table
            # of contents); the key's own index, as the section comes first.
            models.Index(
                "section",
                "status",
                Coalesce("thread_root", "id", output_field=models.BigIntegerField()),
                name="comment_section_idx",
            ),
            # "Most discussed this week": the week's approved comments, counted per article.
            models.Index(fields=["status", "created_at", "article"], name="comment_recent_idx"),
            # The moderation list: filtered by status, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_moderation_idx"),
            # The moderation list unfiltered, and the retention purge by age.
            models.Index(fields=["-created_at"], name="comment_created_idx"),
            # Unsubscribing, and moderators' searches by address.
            models.Index(fields=["email", "status"], name="comment_email_idx"),
            # "Has this browser an approved comment with this email?" (first-time commenters),
            # and a reader's own comments.
            models.Index(fields=["commenter_key", "email", "status"], name="comment_commenter_idx"),
            # "The same text on this article within a day" (duplicates).
            models.Index(
                fields=["article", "body_fingerprint", "created_at"], name="comment_duplicate_idx"
            ),
        ]
        permissions = [("can_moderate", "Can moderate comments")]

    def __str__(self) -> str:
        return f"{self.name} on “{self.article}”" if self.article_id else self.name

    def save(self, *args, **kwargs) -> None:
        # Whatever path saves the body (form, admin, shell, objects.create), it is rendered
        # here, so pages only ever show HTML that went through the sanitiser. A save that
        # leaves the body out (moderation's update_fields) skips the renderer.
        update_fields = kwargs.get("update_fields")
        if self._state.adding and self.parent_id and self.thread_root is None:
            self.thread_root = self._parent_thread_key()
        if update_fields is None or "email" in update_fields:
            self.email = normalise_email(self.email)
        if update_fields is None or "body" in update_fields:
            if self._rendered != (self.body, self.body_html):
                self.render()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "body_fingerprint"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The permalink: a stable address that redirects to the page showing the comment
        (``page_url``), whichever page of threads it is on by then. No query."""
        return reverse("comments:permalink", args=[self.pk])

    def _parent_thread_key(self) -> int:
        if Comment.parent.is_cached(self) and self.parent is not None:
            return self.parent.thread_root or self.parent.pk
        root = Comment.objects.filter(pk=self.parent_id).values_list("thread_root", flat=True)
        return root.first() or self.parent_id

    def page_url(self) -> str:
        """The article page showing this comment, at its anchor: with the page cursor when
        its thread is not on the newest page (one query, see ``page_cursor_for``)."""
        cursor = page_cursor_for(self)
        query = f"?{PAGE_PARAMETER}={cursor}" if cursor else ""
        return f"{self.article.get_absolute_url()}{query}#{self.anchor}"

    def clean(self) -> None:
        # Every path that validates (the form, the admin, full_clean in the service) stores
        # the name without bidi controls or zero-width characters.
        self.name = names.strip_invisible(self.name or "")
        if not self.name:
            raise ValidationError({"name": "Please give a name to show with your comment."})

    def render(self) -> None:
        """Derive body_html (sanitised) and body_fingerprint from the body.

        ``save()`` calls it unless this very instance rendered this body to this HTML already
        (a new post renders before the rules count its links), so a post is sanitised once.
        HTML read from the database is never trusted this way: a loaded comment re-renders.
        """
        self.body_html = render_body(self.body)
        self.body_fingerprint = body_fingerprint(self.body)
        self._rendered = (self.body, self.body_html)

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def is_public(self) -> bool:
        """On the article page: what the status says (see ``Status.is_public``)."""
        return self.Status(self.status).is_public

    @property
    def link_count(self) -> int:
        """Links in the comment, counting bare URLs the renderer left as text."""
        return max(self.body_html.count("<a "), len(_URL.findall(self.body)))

    @property
    def safe_website(self) -> str:
        """The website only when it is an http(s) URL, whatever path stored it."""
        return self.website if self.website.lower().startswith(("http://", "https://")) else ""


PAGE_PARAMETER = "comments_before"


def threads_per_page() -> int:
    """``settings.COMMENTS["THREADS_PER_PAGE"]``: top-level threads on one page."""
    return int(getattr(settings, "COMMENTS", {}).get("THREADS_PER_PAGE", 100))


def page_cursor_for(comment: Comment) -> int | None:
    """The cursor of a page that shows ``comment``'s thread, or None for the newest page.

    One query, bounded by the page size: are there a page's worth of newer threads?
    """
    if comment.pk is None or not comment.article_id:
        return None
    key, size = comment.thread_root or comment.pk, threads_per_page()
    newer = (
        Comment.objects.approved()
        .filter(article_id=comment.article_id)
        .with_thread_key()
        .filter(thread_key__gt=key)
        .order_by()
        .values("thread_key")
        .distinct()[:size]
    )
    return key + 1 if len(newer) >= size else None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# The page-cache name (blog/caching.py) of the owner's rules: pages showing the form, the
# "Respond" links or anything else the rules decide depend on it (comments/signals.py).
RULES_DEPENDENCY = "comment-rules"


class ModerationSettings(CachedSingleton):
    """The site owner's moderation rules: one row, cached, edited in the admin."""

    hold_first_time = models.BooleanField(
        "hold first-time commenters",
        default=True,
        help_text="Hold a comment for moderation unless its email has an approved comment.",
    )
    max_links = models.PositiveSmallIntegerField(
        "links before holding",
        default=2,
        help_text="Hold comments with more links than this.",
    )
    blocked_words = models.TextField(
        blank=True,
        max_length=LIST_MAX_LENGTH,
        validators=[MaxLengthValidator(LIST_MAX_LENGTH)],
        help_text=(
            "One word or phrase per line; comments containing one go to spam. "
            "At most 20,000 characters."
        ),
    )
    blocked_emails = models.TextField(
        blank=True,
        max_length=LIST_MAX_LENGTH,
        validators=[MaxLengthValidator(LIST_MAX_LENGTH)],
        help_text=(
            "One per line: an address (spam@example.com) or a domain (@example.com). "
            "At most 20,000 characters."
        ),
    )
    blocked_ips = models.TextField(
        "blocked IP addresses",
        blank=True,
        max_length=LIST_MAX_LENGTH,
        validators=[MaxLengthValidator(LIST_MAX_LENGTH)],
        help_text=(
            "One per line: an address (203.0.113.9) or a network (203.0.113.0/24). "
            "At most 20,000 characters."
        ),
    )
    close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        default=0,
        help_text="Close comments this many days after publication; 0 keeps them open.",
    )
    max_depth = models.PositiveSmallIntegerField(
        "reply depth",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text="How deeply replies nest; deeper replies join the deepest level shown.",
    )
    rate_limit_count = models.PositiveSmallIntegerField(
        "comments per address",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="How many comments one IP address may post within the period below.",
    )
    rate_limit_minutes = models.PositiveSmallIntegerField(
        "rate limit period (minutes)", default=10, validators=[MinValueValidator(1)]
    )
    retention_days = models.PositiveSmallIntegerField(
        "keep IP address and browser for (days)",
        default=90,
        validators=[MinValueValidator(1)],
        help_text="`manage.py purge_comment_data` clears them from older comments.",
    )

    class Meta:
        verbose_name = "moderation settings"
        verbose_name_plural = "moderation settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="moderation_singleton")
        ]

    def __str__(self) -> str:
        return "Moderation settings"

    def clean(self) -> None:
        errors = {}
        bad_ips = [line for line in _lines(self.blocked_ips) if not _network(line)]
        if bad_ips:
            errors["blocked_ips"] = f"Not an IP address or network: {', '.join(bad_ips[:5])}"
        bad_emails = [line for line in _lines(self.blocked_emails) if "@" not in line]
        if bad_emails:
            errors["blocked_emails"] = f"Use a full address or @domain: {', '.join(bad_emails[:5])}"
        if errors:
            raise ValidationError(errors)

    # Parsed rules; cheap, and computed once per request on the instance that ``load`` returns.

    @cached_property
    def blocked_word_pattern(self) -> re.Pattern | None:
        words = sorted({word.casefold() for word in _lines(self.blocked_words)}, key=len)
        if not words:
            return None
        alternatives = "|".join(re.escape(word) for word in reversed(words))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    @cached_property
    def blocked_email_entries(self) -> frozenset[str]:
        return frozenset(line.lower() for line in _lines(self.blocked_emails))

    @cached_property
    def blocked_networks(self) -> tuple:
        return tuple(net for net in map(_network, _lines(self.blocked_ips)) if net)

    def closes_at(self, article: Article):
        """When comments on ``article`` close by age (None: never)."""
        if not self.close_after_days or not article.published_at:
            return None
        return article.published_at + timedelta(days=self.close_after_days)

    def comments_open(self, article: Article, now=None) -> bool:
        """Readers may comment: the article allows it and it is not too old."""
        if not article.comments_open:
            return False
        closes_at = self.closes_at(article)
        return closes_at is None or (now or timezone.now()) < closes_at


def _network(text: str):
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
