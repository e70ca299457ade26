"""Article tags in any script: Unicode slugs that are never empty and never collide.

A tag's slug is its name slugified *with* Unicode (``日本語`` → ``日本語``, ``Ελλάδα`` →
``ελλάδα``, ``Україна`` → ``україна``): readers see their own language in the address
(browsers show the IRI, ``reverse()`` percent-encodes it), and no transliteration table has to
guess how a Japanese or Arabic name should read in Latin letters. A name with no letters or
digits at all (``!!!``, ``🎉``) gets ``tag-1``, ``tag-2``…; a slug another tag already has,
in any case, gets ``-2``, ``-3``… The tag routes accept exactly what ``slugify`` can produce
(``blog.converters.UnicodeSlugConverter``: ``[-\\w]+``), so no tag can break a page that links
to it.

``TaggedArticle`` is a typed through table (a real foreign key to ``Article``, indexed by
``(tag, article)``), so "the articles with this tag" is one indexed join, not a generic
relation through content types.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from taggit.models import TagBase, TaggedItemBase

MAX_TAG_LENGTH = 100  # Tag.name's max_length
SLUG_STEM_LENGTH = 90  # room for a "-NNN" suffix inside the slug's 100 characters
EMPTY_SLUG_STEM = "tag"


def tag_slug_stem(name: str) -> str:
    """The name's Unicode slug, cut to leave room for a suffix; empty without letters/digits."""
    return slugify(name, allow_unicode=True)[:SLUG_STEM_LENGTH].strip("-_")


def tag_name_problems(names: Iterable[str]) -> list[str]:
    """What an author must fix in a list of tag names before it can be saved."""
    problems = []
    for name in names:
        if len(name) > MAX_TAG_LENGTH:
            problems.append(f"The tag “{name[:40]}…” is longer than {MAX_TAG_LENGTH} characters.")
        if "\x00" in name:
            problems.append("Null characters are not allowed in tags.")
    return list(dict.fromkeys(problems))


class Tag(TagBase):
    """A tag on articles; ``slug`` is filled from the name (see the module docstring)."""

    class Meta:
        verbose_name = "tag"
        verbose_name_plural = "tags"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="blog_tag_name_ci_unique"),
            models.UniqueConstraint(Lower("slug"), name="blog_tag_slug_ci_unique"),
        ]

    def slugify(self, tag: str, i: int | None = None) -> str:
        """``stem``, ``stem-2``… or ``tag-1``, ``tag-2``… when the name has no letters."""
        stem = tag_slug_stem(tag)
        if not stem:
            return f"{EMPTY_SLUG_STEM}-{i or 1}"
        return stem if i is None or i < 2 else f"{stem}-{i}"

    def save(self, *args, **kwargs):
        if not (self._state.adding and not self.slug):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        kwargs["using"] = using
        # A concurrent writer may take the free slug between the read and the write: retry
        # a few times with a fresh read (taggit's own loop would break the transaction).
        for attempt in range(3):
            self.slug = self.free_slug(using)
            try:
                with transaction.atomic(using=using):
                    return models.Model.save(self, *args, **kwargs)
            except IntegrityError:
                if attempt == 2:
                    raise
        return None  # pragma: no cover

    def free_slug(self, using: str) -> str:
        """The first slug for this name that no tag has, in any case (one query)."""
        stem = tag_slug_stem(self.name) or EMPTY_SLUG_STEM
        similar = models.Q(slug__iexact=stem) | models.Q(slug__istartswith=f"{stem}-")
        manager = type(self)._default_manager.using(using)
        taken = {slug.lower() for slug in manager.filter(similar).values_list("slug", flat=True)}
        number = None
        while (candidate := self.slugify(self.name, number)).lower() in taken:
            number = (number or 1) + 1
        return candidate


class TaggedArticle(TaggedItemBase):
    """One tag on one article (the typed through table of ``Article.tags``)."""

    # No single-column indexes: the unique constraint leads with the article, the index below
    # with the tag, and each serves its foreign key.
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", db_index=False
    )
    content_object = models.ForeignKey(
        "blog.Article", on_delete=models.CASCADE, related_name="tagged_items", db_index=False
    )

    class Meta:
        verbose_name = "tagged article"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="blog_taggedarticle_unique"
            ),
        ]
        indexes = [
            # A tag's page and feeds: the articles carrying one tag.
            models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_idx"),
        ]


def validate_tag_names(names: Iterable[str]) -> None:
    problems = tag_name_problems(names)
    if problems:
        raise ValidationError(problems)
