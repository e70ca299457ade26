"""Articles made of typed sections, and the kinds those sections can have."""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from taggit.managers import TaggableManager

from . import extensions, images, markup
from .authors import AuthorProfile
from .tagging import Tag, TaggedArticle

__all__ = ["Article", "AuthorProfile", "Section", "SectionKind", "Tag", "TaggedArticle"]

no_nul = ProhibitNullCharactersValidator()
WORDS_PER_MINUTE = 230
# Every text a person types has a limit the admin states (maxlength, help text) and
# full_clean() enforces; rendering is linear, so the limit also bounds the time a save takes.
BODY_MAX_LENGTH = 100_000
LEDE_MAX_LENGTH = 100_000
GUIDANCE_MAX_LENGTH = 1_000
NOTE_MAX_LENGTH = 5_000  # corrections, workflow notes


def limited(limit: int) -> list:
    """Validators for a long text: no NUL characters, at most ``limit`` characters."""
    return [no_nul, MaxLengthValidator(limit)]


def count_words(html: str) -> int:
    return len(strip_tags(html).split())


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` words: the article page's "N min read" and the editor's
    counts (the admin's word-count script gets ``WORDS_PER_MINUTE`` from the form)."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


class SectionKind(models.Model):
    """A recognised type of section ("Deep Dive", "Conclusion"…), editable by the site owner."""

    GENERIC_SLUG = "section"

    name = models.CharField(max_length=80, unique=True, validators=[no_nul])
    slug = models.SlugField(max_length=80, unique=True)
    label = models.CharField(
        max_length=80,
        blank=True,
        validators=[no_nul],
        help_text=(
            "Shown before the section's own heading, e.g. “Deep Dive: Sanctions Relief”. "
            "Leave empty for free sections, whose heading stands alone."
        ),
    )
    guidance = models.TextField(
        blank=True,
        max_length=GUIDANCE_MAX_LENGTH,
        validators=limited(GUIDANCE_MAX_LENGTH),
        help_text=(
            "A sentence or two telling authors what belongs in this kind of section "
            "(at most 1,000 characters)."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the kind picker.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_generic(self) -> bool:
        return self.slug == self.GENERIC_SLUG

    def heading_parts(self, heading: str) -> tuple[str, str]:
        """(label, own heading) as readers see them; either may be empty, not both."""
        heading = heading.strip()
        if not self.label:
            return "", heading
        if heading.casefold() in ("", self.label.casefold()):
            return self.label, ""
        return self.label, heading

    def display_heading(self, heading: str) -> str:
        """The heading as one line: "Deep Dive: Sanctions Relief", "Conclusion", "Free"."""
        return ": ".join(part for part in self.heading_parts(heading) if part)


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """What the public may see: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self) -> ArticleQuerySet:
        """Only the columns a list of articles shows, never the bodies; each article's tags
        as the list ``listed_tags``."""
        return (
            self.select_related("author")
            .only(
                "id", "title", "slug", "dek", "published_at", "status",
                "featured_image", "featured_image_alt", "image_renditions",
                "featured_image_width", "featured_image_height",
                "author__id", "author__username", "author__first_name", "author__last_name",
            )
            # A list, not the manager's cache: Django builds a queryset per article to hold
            # a prefetched manager's rows (taggit's costs as much as the page's own query).
            .prefetch_related(models.Prefetch("tags", to_attr="listed_tags"))
            .annotate(**extensions.annotations())
            .order_by("-published_at", "-id")
        )  # fmt: skip

    def for_reading(self) -> ArticleQuerySet:
        """Everything the article page shows, in a fixed number of queries."""
        return (
            self.select_related("author")
            .prefetch_related("tags", models.Prefetch("sections", queryset=self.reading_sections()))
            .annotate(**extensions.annotations())
        )

    @staticmethod
    def reading_sections():
        """An article's sections as its page shows them (kinds and extensions' counts)."""
        return (
            Section.objects.select_related("kind")
            .annotate(**extensions.section_annotation_values())
            .order_by("position", "id")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        # Taken off the site by an editor after it was public (it keeps its date).
        UNPUBLISHED = "unpublished", "Unpublished"

    title = models.CharField(max_length=200, validators=[no_nul])
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The article's address: /articles/your-slug/."
    )
    dek = models.CharField(
        "standfirst",
        max_length=300,
        blank=True,
        validators=[no_nul],
        help_text="One or two sentences under the headline that say why the piece matters.",
    )
    intro = models.TextField(
        "lede",
        blank=True,
        max_length=LEDE_MAX_LENGTH,
        validators=limited(LEDE_MAX_LENGTH),
        help_text=(
            "The paragraphs before the first section heading (Markdown, at most 100,000 "
            "characters)."
        ),
    )
    intro_html = models.TextField(blank=True, editable=False)
    intro_word_count = models.PositiveIntegerField(default=0, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="A future date schedules the article: it stays hidden until then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    featured_image = images.CleanImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        help_text=(
            "JPEG, PNG, WebP or GIF. Stored without its EXIF/XMP data (camera, GPS position); "
            "readers get resized WebP copies."
        ),
    )
    featured_image_alt = models.CharField(
        "image alt text",
        max_length=250,
        blank=True,
        validators=[no_nul],
        help_text="Describe the image for readers who cannot see it. Required with an image.",
    )
    featured_image_caption = models.CharField(
        "image caption", max_length=300, blank=True, validators=[no_nul]
    )
    featured_image_credit = models.CharField(
        "image credit", max_length=200, blank=True, validators=[no_nul]
    )
    # {"480": "renditions/…-480.webp", …} and the (upright) original's size: filled when
    # the image changes.
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    tags = TaggableManager(
        through=TaggedArticle, blank=True, help_text="Comma-separated, e.g. “diplomacy, sanctions”."
    )
    comments_open = models.BooleanField(default=True)
    # The newest correction's date (kept by Correction upkeep): pages and feeds read the
    # corrections only when there are some, and it dates the article's last change.
    last_corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by an editor (blog.front_page.make_lead) when the article leads the front page;
    # at most one article has it. Not a form field: authors can never set it.
    lead_since = models.DateTimeField("lead story since", null=True, blank=True, editable=False)
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        validators=[no_nul],
        help_text="For search engines and link previews; the standfirst is used when empty.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # Home page, feeds, sitemap, archives: published() ordered by date.
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_idx"),
            # Author pages: published() for one author.
            models.Index(
                fields=["author", "status", "-published_at", "-id"], name="article_author_idx"
            ),
            # The front page's lead: the one article with lead_since set (a tiny index).
            models.Index(
                fields=["-lead_since"],
                name="article_lead_idx",
                condition=models.Q(lead_since__isnull=False),
            ),
            # The sitemap's last-modified date: the newest edit among published articles, read
            # from the top of this index instead of a scan of every row.
            models.Index(
                fields=["-updated_at"],
                name="article_updated_idx",
                condition=models.Q(status="published"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(Lower("slug"), name="article_slug_ci_unique"),
        ]
        permissions = [
            ("preview_article", "Can preview unpublished articles"),
            # The editor's right (blog.roles): every article, publishing, unpublishing.
            ("publish_article", "Can publish articles and edit anyone's"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.title)[:200]
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        self.intro_html = markup.render_markdown(self.intro, context=self.markup_context())
        self.intro_word_count = count_words(self.intro_html)
        image_changed = images.image_changed(self, "featured_image")
        with images.removed_on_failure(self, "featured_image", image_changed):
            super().save(*args, **kwargs)
            if image_changed:
                self.refresh_renditions()

    def get_absolute_url(self) -> str:
        return reverse("blog:article", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def summary(self) -> str:
        return self.meta_description or self.dek

    def clean(self) -> None:
        errors = {}
        if self.featured_image and not self.featured_image_alt.strip():
            errors["featured_image_alt"] = "Describe the image: alt text is required with it."
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        problems = markup.check_markdown(self.intro, context=self.markup_context())
        if problems:
            errors["intro"] = problems
        if errors:
            raise ValidationError(errors)

    def markup_context(self, anchor_prefix: str = "lede") -> dict:
        return {"article_slug": self.slug, "article_id": self.pk, "anchor_prefix": anchor_prefix}

    def refresh_renditions(self) -> None:
        images.delete_renditions(self.image_renditions)
        image = self.featured_image
        renditions = images.make_renditions(image) if image else {}
        size = (image.width, image.height) if image else (None, None)
        Article.objects.filter(pk=self.pk).update(
            image_renditions=renditions, featured_image_width=size[0], featured_image_height=size[1]
        )
        self.image_renditions = renditions
        self.featured_image_width, self.featured_image_height = size

    def reading_minutes(self, sections) -> int:
        words = self.intro_word_count + sum(section.word_count for section in sections)
        return reading_minutes(words)


class Section(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    kind = models.ForeignKey(
        SectionKind,
        on_delete=models.PROTECT,
        related_name="sections",
        help_text="Typed sections get their label before the heading, e.g. “Deep Dive: …”.",
    )
    heading = models.CharField(
        max_length=200,
        blank=True,
        validators=[no_nul],
        help_text="May be left empty for a typed section: its label is the heading.",
    )
    body = models.TextField(
        max_length=BODY_MAX_LENGTH,
        validators=limited(BODY_MAX_LENGTH),
        help_text="Markdown, at most 100,000 characters.",
    )
    body_html = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    position = models.PositiveSmallIntegerField(default=0, db_index=False)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["article", "position", "id"], name="section_order_idx")]

    def __str__(self) -> str:
        return self.display_heading

    def save(self, *args, **kwargs) -> None:
        # Rendered here so every path that saves a section (admin, shell, import) stores
        # safe HTML, and a page view does no Markdown work.
        self.render_body()
        super().save(*args, **kwargs)

    def render_body(self) -> None:
        """Fill ``body_html`` and ``word_count`` from ``body``: on save, and for the editor's
        preview of an unsaved section (blog.admin_desk), so both render alike."""
        self.body_html = markup.render_markdown(self.body, context=self.markup_context())
        self.word_count = count_words(self.body_html)

    @property
    def display_heading(self) -> str:
        return self.kind.display_heading(self.heading)

    @property
    def template_names(self) -> list[str]:
        return [f"blocks/{self.kind.slug}.html", "blocks/section.html"]

    def markup_context(self) -> dict:
        article = self.article if self.article_id else None
        return {
            "article_slug": article.slug if article else "",
            "article_id": self.article_id,
            "anchor_prefix": f"s{self.position}-{slugify(self.heading)[:40]}",
        }

    def clean(self) -> None:
        errors = {}
        if self.kind_id and not self.heading.strip() and not self.kind.label:
            errors["heading"] = "A free section needs a heading."
        problems = self.markup_problems()
        if problems:
            errors["body"] = problems
        if errors:
            raise ValidationError(errors)

    def markup_problems(self) -> list[str]:
        """What the author must fix in the body before it can be saved (e.g. an unknown
        ``aff:`` slug); empty when fine."""
        return markup.check_markdown(self.body, context=self.markup_context())


class Correction(models.Model):
    """A dated note an editor adds to a published article: a correction or an update.

    Shown on the article (``article-correction``), in its feed entry and on /corrections/;
    adding one saves the article, so its modified date (JSON-LD, Atom) moves with it.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.CORRECTION)
    note = models.TextField(
        max_length=NOTE_MAX_LENGTH,
        validators=limited(NOTE_MAX_LENGTH),
        help_text="What was wrong and what is right now, e.g. “An earlier version gave the "
        "date as 12 May; it was 21 May.” Markdown: *italic*, **bold**, links (at most 5,000 "
        "characters).",
    )
    note_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField("dated", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The article page's list (oldest first) and /corrections/ (newest first).
            models.Index(fields=["article", "created_at", "id"], name="correction_article_idx"),
            models.Index(fields=["-created_at", "-id"], name="correction_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to “{self.article}” ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs) -> None:
        self.note_html = markup.render_markdown(
            self.note, context={"article_slug": "", "anchor_prefix": f"correction-{self.pk}"}
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


def corrections_changed(sender, instance, raw=False, **kwargs) -> None:
    """post_save/post_delete upkeep of ``Article.last_corrected_at``."""
    if raw:
        return
    newest = Correction.objects.filter(article_id=instance.article_id).aggregate(
        newest=models.Max("created_at")
    )["newest"]
    Article.objects.filter(pk=instance.article_id).update(last_corrected_at=newest)
