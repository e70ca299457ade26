"""Affiliate links, where articles use them, the clicks they get, and the disclosure."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from blog import images, markup
from blog.models import limited
from blog.singletons import CachedSingleton

from .validators import MAX_LENGTH, validate_destination_url

no_nul = ProhibitNullCharactersValidator()
NOTES_MAX_LENGTH = 5_000
DISCLOSURE_MAX_LENGTH = 5_000


class DestinationURLField(models.CharField):
    """A URL kept exactly as typed: forms must not strip it, so the admin and ``full_clean()``
    judge the same string (a pasted " https://…" is refused in both, never silently fixed)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"strip": False, **kwargs})


class AffiliateLinkQuerySet(models.QuerySet):
    def active(self) -> AffiliateLinkQuerySet:
        return self.filter(is_active=True)

    def with_click_totals(self, *, today: date) -> AffiliateLinkQuerySet:
        """Clicks in the last 7 and 30 days (today included) and in total, in the same query.

        Correlated subqueries rather than a join: each is an index range scan on (link, day),
        and counting the rows of an admin page does not have to join the click table.
        """

        def clicks_since(days: int | None):
            rows = DailyClicks.objects.filter(link=models.OuterRef("pk"))
            if days:
                rows = rows.filter(day__gt=today - timedelta(days=days))
            total = rows.order_by().values("link").annotate(total=Sum("clicks")).values("total")
            return Coalesce(models.Subquery(total), 0)

        return self.annotate(
            clicks_7d=clicks_since(7), clicks_30d=clicks_since(30), clicks_total=clicks_since(None)
        )


SLUG_LOCKED_MESSAGE = (
    "Articles already use this link and store its address, %(url)s, so a new slug would "
    "break their links. To use another slug, add a new link."
)


class AffiliateLink(models.Model):
    """A merchant's product page, reached by readers through the cloaked /go/<slug>/."""

    class Health(models.TextChoices):
        UNCHECKED = "unchecked", "Not checked yet"
        OK = "ok", "OK"
        BROKEN = "broken", "Broken"

        @classmethod
        def for_status(cls, status: int | None) -> AffiliateLink.Health:
            return cls.OK if status is not None and status < 400 else cls.BROKEN

    name = models.CharField(max_length=200, validators=[no_nul])
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The cloaked address is /go/this-slug/; authors write [text](aff:this-slug).",
    )
    destination_url = DestinationURLField(
        "destination URL",
        max_length=MAX_LENGTH,
        validators=[validate_destination_url],
        help_text="The merchant's page, with your affiliate code: http:// or https:// only.",
    )
    merchant = models.CharField(max_length=120, blank=True, validators=[no_nul])
    pitch = models.CharField(
        "short pitch",
        max_length=300,
        blank=True,
        validators=[no_nul],
        help_text="One or two sentences for the product box.",
    )
    button_label = models.CharField(
        max_length=60,
        blank=True,
        validators=[no_nul],
        help_text="The product box's button; “View at <merchant>” when empty.",
    )
    image = images.CleanImageField(
        upload_to="affiliates/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=(
            "JPEG, PNG, WebP or GIF. Stored without its EXIF/XMP data; product boxes show "
            "resized WebP copies."
        ),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # {"480": "renditions/…-480.webp", …}: filled when the image changes.
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    price_text = models.CharField(
        "price",
        max_length=40,
        blank=True,
        validators=[no_nul],
        help_text="As readers should read it, e.g. “£49” or “from $12 a month”. Boxes show it "
        "with the date below; leave empty to show no price.",
    )
    price_checked_on = models.DateField(
        "price as of",
        null=True,
        blank=True,
        help_text="The day you saw that price: prices change, so readers are told when.",
    )
    image_alt = models.CharField(
        "image alt text",
        max_length=250,
        blank=True,
        validators=[no_nul],
        help_text="What the picture shows; leave empty if it only repeats the product name.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive links stop redirecting: readers get a page offering the way back.",
    )
    notes = models.TextField(
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=limited(NOTES_MAX_LENGTH),
        help_text="For you; never shown (at most 5,000 characters).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Filled by manage.py check_affiliate_links.
    health = models.CharField(max_length=10, choices=Health, default=Health.UNCHECKED)
    last_status = models.PositiveSmallIntegerField("last HTTP status", null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_checked_at = models.DateTimeField("last checked", null=True, blank=True)

    objects = AffiliateLinkQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            # The admin list (by name), filtered by active flag or by health.
            models.Index(fields=["name", "id"], name="afflink_name_idx"),
            models.Index(fields=["is_active", "name", "id"], name="afflink_active_idx"),
            models.Index(fields=["health", "name", "id"], name="afflink_health_idx"),
        ]
        constraints = [
            # The validator is the real rule; this keeps rows written around it harmless.
            models.CheckConstraint(
                condition=Q(destination_url__istartswith="http://")
                | Q(destination_url__istartswith="https://"),
                name="afflink_destination_http",
                violation_error_message="The destination must start with http:// or https://.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        image_changed = images.image_changed(self, "image")
        with images.removed_on_failure(self, "image", image_changed):
            super().save(*args, **kwargs)
            if image_changed:
                self.refresh_renditions()

    def get_absolute_url(self) -> str:
        return go_url(self.slug)

    def refresh_renditions(self) -> None:
        images.delete_renditions(self.image_renditions)
        renditions = images.make_renditions(self.image) if self.image else {}
        AffiliateLink.objects.filter(pk=self.pk).update(image_renditions=renditions)
        self.image_renditions = renditions

    def clean(self) -> None:
        self.clean_price()
        # Articles store the rendered /go/<slug>/ (markup is resolved on save), so renaming
        # a link they use would turn their links into 404s without anyone noticing.
        if self.pk is None:
            return
        stored = AffiliateLink.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if stored not in (None, self.slug) and self.is_in_use():
            locked = ValidationError(
                SLUG_LOCKED_MESSAGE, code="slug_in_use", params={"url": go_url(stored)}
            )
            raise ValidationError({"slug": locked})

    def clean_price(self) -> None:
        """A price is shown with the day it was seen: both or neither, and not a future day."""
        self.price_text = self.price_text.strip()
        if self.price_text and not self.price_checked_on:
            raise ValidationError(
                {"price_checked_on": "Give the day you saw this price: readers are told it."}
            )
        if self.price_checked_on and not self.price_text:
            raise ValidationError({"price_text": "Give the price seen on that day, or clear it."})
        if self.price_checked_on and self.price_checked_on > timezone.localdate():
            raise ValidationError({"price_checked_on": "The day cannot be in the future."})

    def is_in_use(self) -> bool:
        """Whether any article's text or product boxes use this link (one query)."""
        return (
            LinkUsage.objects.filter(link_id=self.pk)
            .values("pk")
            .union(ArticleProduct.objects.filter(link_id=self.pk).values("pk"), all=True)
            .exists()
        )

    @property
    def problem(self) -> str:
        """Why the last check found the link broken, in a few words ("" unless broken)."""
        if self.health != self.Health.BROKEN:
            return ""
        return self.last_error or f"HTTP {self.last_status}"

    @property
    def health_summary(self) -> str:
        """ "Broken: HTTP 404 Not Found (checked 30 Nov 2026 19:40)", or "Not checked yet"."""
        if self.last_checked_at is None:
            return self.get_health_display()
        checked = timezone.localtime(self.last_checked_at)
        problem = f": {self.problem}" if self.problem else ""
        return f"{self.get_health_display()}{problem} (checked {checked:%-d %b %Y %H:%M})"

    def total_clicks(self) -> int:
        """Every counted click, over all days and articles."""
        return self.daily_clicks.aggregate(total=Coalesce(Sum("clicks"), 0))["total"]

    @property
    def display_button_label(self) -> str:
        if self.button_label:
            return self.button_label
        return f"View at {self.merchant}" if self.merchant else "View the offer"


def go_url(slug: str, article_slug: str = "") -> str:
    """The cloaked address of a link, telling the redirect which article the click came from."""
    url = reverse("affiliates:go", kwargs={"slug": slug})
    return f"{url}?{urlencode({'from': article_slug})}" if article_slug else url


class ArticleProduct(models.Model):
    """A product box in an article: after one of its sections or at the end, in order."""

    article = models.ForeignKey(
        "blog.Article", on_delete=models.CASCADE, related_name="affiliate_products"
    )
    link = models.ForeignKey(
        AffiliateLink,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name="product link",
    )
    after_section = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Section number (1 = first section) the box follows; empty = end of article.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order among the boxes.")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "product box"
        verbose_name_plural = "product boxes"
        indexes = [models.Index(fields=["article", "position", "id"], name="artproduct_order_idx")]
        constraints = [
            models.UniqueConstraint(fields=["article", "link"], name="artproduct_once_per_article")
        ]

    def __str__(self) -> str:
        return f"{self.link} in “{self.article}”"


class LinkUsage(models.Model):
    """An affiliate link that an article's text refers to (kept current on save, by signals).

    One row per link per section, or per link in the lede (``section`` empty). Deleting a
    section drops its rows; a link still used cannot be deleted.
    """

    link = models.ForeignKey(AffiliateLink, on_delete=models.PROTECT, related_name="usages")
    article = models.ForeignKey("blog.Article", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        "blog.Section", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "link use"
        indexes = [models.Index(fields=["link", "article"], name="linkusage_link_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "section"],
                condition=Q(section__isnull=False),
                name="linkusage_once_per_section",
            ),
            models.UniqueConstraint(
                fields=["link", "article"],
                condition=Q(section__isnull=True),
                name="linkusage_once_per_lede",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link} in “{self.article}”"


class DailyClicks(models.Model):
    """Counted clicks on a link for one day and one source article (empty = unknown source).

    No reader data at all: no IP address, user agent or time of day. Written only by
    ``services.record_click`` as an atomic upsert; see there.
    """

    link = models.ForeignKey(AffiliateLink, on_delete=models.CASCADE, related_name="daily_clicks")
    # When an article is deleted its clicks are first folded into the "unknown source" rows
    # (signals.keep_clicks_of_deleted_article), so link totals never shrink.
    article = models.ForeignKey(
        "blog.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "daily clicks"
        verbose_name_plural = "daily clicks"
        indexes = [
            # Charts, 7/30-day totals and the CSV export: one link (or all) over a range of days.
            models.Index(fields=["link", "day"], name="dailyclicks_link_day_idx"),
            models.Index(fields=["day"], name="dailyclicks_day_idx"),
            # The clicks report narrowed to one source article, over a range of days.
            models.Index(fields=["article", "day"], name="dailyclicks_article_day_idx"),
        ]
        constraints = [
            # Two partial constraints because NULLs are distinct in a plain unique index; they
            # are also the conflict targets of the counting upsert.
            models.UniqueConstraint(
                fields=["link", "article", "day"],
                condition=Q(article__isnull=False),
                name="dailyclicks_article_unique",
            ),
            models.UniqueConstraint(
                fields=["link", "day"],
                condition=Q(article__isnull=True),
                name="dailyclicks_unknown_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link} on {self.day}: {self.clicks}"


class LinkCheckRunQuerySet(models.QuerySet):
    def unfinished(self) -> LinkCheckRunQuerySet:
        return self.filter(finished_at__isnull=True)


class LinkCheckRun(models.Model):
    """A "Check now" from the admin: the links to check, in order, and how far it got.

    Worked through by a background thread (``checking``); the admin polls it for progress.
    """

    link = models.ForeignKey(
        AffiliateLink, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )  # the one link checked from its page; empty for all links or a selection
    link_ids = models.JSONField(default=list)  # every link to check, in order
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(default=timezone.now)
    checked = models.PositiveIntegerField(default=0)  # links done: link_ids[:checked]
    broken = models.PositiveIntegerField(default=0)
    # The thread at work on the run (a random token) and its latest sign of life.
    worker = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    objects = LinkCheckRunQuerySet.as_manager()

    class Meta:
        verbose_name = "link check"
        indexes = [
            # "Is this check already under way?": the unfinished runs, newest first.
            models.Index(
                fields=["finished_at", "link", "-requested_at"], name="linkcheckrun_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Check of {self.scope_text} requested {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return len(self.link_ids)

    @property
    def scope_text(self) -> str:
        if self.link_id:
            return f"“{self.link}”"
        return f"{self.total} link{'s' if self.total != 1 else ''}"

    @property
    def is_stalled(self) -> bool:
        """Unfinished, and silent for longer than a batch can take: its thread is gone."""
        from .checking import stalled_after  # the limit follows the checker's settings

        silent_since = self.heartbeat_at or self.requested_at
        return self.finished_at is None and silent_since < timezone.now() - stalled_after()

    @property
    def state(self) -> str:
        if self.finished_at is not None:
            return "failed" if self.error else "finished"
        if self.is_stalled:
            return "stalled"
        return "running" if self.worker else "waiting"

    @property
    def progress_text(self) -> str:
        done = f"{self.checked} of {self.total} checked, {self.broken} broken"
        return {
            "waiting": "Starting the check…",
            "running": f"Checking: {done}.",
            "stalled": f"The check stopped after {done} (the server restarted?).",
            "failed": f"The check failed after {done}: {self.error}",
            "finished": f"Done: {done}.",
        }[self.state]


class DiscardedClicks(models.Model):
    """Requests to /go/ from browsers that were redirected but not counted, per link and day.

    Aggregated like ``DailyClicks`` and, like it, without any reader data: the owner's chart
    shows counted against discarded clicks, and why they were discarded.
    """

    class Reason(models.TextChoices):
        REPEAT = "repeat", "Repeat click by the same reader"
        RATE_LIMIT = "rate-limit", "Too many clicks from one address"
        UNVERIFIED = "unverified", "Could not be checked (cache unavailable)"

    link = models.ForeignKey(
        AffiliateLink, on_delete=models.CASCADE, related_name="discarded_clicks"
    )
    day = models.DateField()
    reason = models.CharField(max_length=20, choices=Reason)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "discarded clicks"
        verbose_name_plural = "discarded clicks"
        constraints = [
            # Also the conflict target of the counting upsert and the chart's (link, day) index.
            models.UniqueConstraint(
                fields=["link", "day", "reason"], name="discardedclicks_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link} on {self.day}: {self.clicks} discarded ({self.reason})"


DEFAULT_DISCLOSURE = (
    "Some links in this article are affiliate links: if you buy something through them, this "
    "site may earn a small commission, at no extra cost to you. It never decides what we "
    "write. Thank you for supporting our work!"
)


class DisclosureSettings(CachedSingleton):
    """The affiliate disclosure and where it goes: one row, cached, edited in the admin."""

    class Placement(models.TextChoices):
        BEFORE_FIRST_LINK = "before-first", "Just before the first affiliate link or product box"
        TOP = "top", "At the top of the article"

    title = models.CharField(max_length=80, default="Affiliate disclosure", validators=[no_nul])
    text = models.TextField(
        default=DEFAULT_DISCLOSURE,
        max_length=DISCLOSURE_MAX_LENGTH,
        validators=limited(DISCLOSURE_MAX_LENGTH),
        help_text="Markdown; keep it short (at most 5,000 characters).",
    )
    text_html = models.TextField(blank=True, editable=False)
    placement = models.CharField(
        max_length=20,
        choices=Placement,
        default=Placement.BEFORE_FIRST_LINK,
        help_text="Readers must see the disclosure before the links it is about.",
    )
    repeat_at_end = models.BooleanField(
        default=False, help_text="Show it once more at the end of the article."
    )
    always_show = models.BooleanField(
        default=False, help_text="Show it on every article, even those without affiliate links."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "disclosure settings"
        verbose_name_plural = "disclosure settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="disclosure_singleton")]

    def __str__(self) -> str:
        return "Affiliate disclosure"

    def save(self, *args, **kwargs) -> None:
        self.text_html = markup.render_markdown(self.text)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The disclosure may link (to a policy page) but not to unknown affiliate slugs.
        problems = markup.check_markdown(self.text)
        if problems:
            raise ValidationError({"text": problems})

    @classmethod
    def defaults(cls) -> DisclosureSettings:
        settings = cls(pk=cls.SINGLETON_ID)
        settings.text_html = markup.render_markdown(settings.text)
        return settings
