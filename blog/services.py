"""Multi-step writes on articles, shared by the admin, commands and the importer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import extensions
from .models import Article, Section, SectionKind
from .tagging import tag_name_problems

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from .importer import ImportPlan


# Kinds created by migration 0002; code and the importer may rely on these slugs.
BUILT_IN_KIND_SLUGS = frozenset(
    {"section", "deep-dive", "prophetic-context", "strategic-implications", "conclusion"}
)


def publish_article(*, article: Article, when=None) -> bool:
    """Publish at ``when`` (default: now, which also brings a scheduled article forward).

    Returns False if the article was already public.
    """
    if article.is_public and when is None:
        return False
    article.status = Article.Status.PUBLISHED
    article.published_at = when or timezone.now()
    article.full_clean()
    article.save()
    return True


def return_to_draft(*, article: Article) -> bool:
    """Take the article off the site (it keeps its date); False if it already was a draft."""
    if article.status == Article.Status.DRAFT:
        return False
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def renumber_sections(article: Article) -> None:
    """Positions 1…n in reading order, so gaps and ties left by editing disappear."""
    sections = list(article.sections.order_by("position", "id").only("id", "position"))
    changed = []
    for number, section in enumerate(sections, start=1):
        if section.position != number:
            section.position = number
            changed.append(section)
    Section.objects.bulk_update(changed, ["position"])


@transaction.atomic
def create_article_from_plan(
    *,
    plan: ImportPlan,
    author: AbstractBaseUser,
    tags: Sequence[str] = (),
    publish: bool = False,
) -> Article:
    """Create the article an import planned: its sections in order, tags and product boxes.

    The tags are ``tags`` and those the draft's front matter names (``plan.tags``).

    Everything is validated (``full_clean``) before it is saved, in one transaction: a draft
    that cannot be saved leaves nothing behind. Raises ``ValidationError`` for authors.
    """
    if not plan.intro.strip() and not plan.sections:
        raise ValidationError("The draft has no text to import: every line was left out.")
    now = timezone.now()
    article = Article(
        title=plan.title,
        slug=_unique_slug(plan.title),
        dek=plan.dek,
        intro=plan.intro,
        author=author,
        status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
        published_at=now if publish else None,
    )
    article.full_clean()
    tags = _clean_tags([*tags, *plan.tags])
    article.save()
    kinds = {kind.slug: kind for kind in SectionKind.objects.all()}
    for position, planned in enumerate(plan.sections, start=1):
        kind = kinds.get(planned.kind_slug)
        where = f"Section {position} (“{planned.display_heading}”)"
        if kind is None:
            raise ValidationError(f"{where}: the section kind “{planned.kind_slug}” is missing.")
        section = Section(
            article=article,
            kind=kind,
            heading=planned.heading,
            body=planned.body,
            position=position,
        )
        try:
            section.full_clean()
        except ValidationError as error:
            raise ValidationError([f"{where}: {message}" for message in error.messages]) from None
        section.save()
    if tags:
        article.tags.set(tags)
    _attach_product_boxes(article, [offer.link_id for offer in plan.products])
    return article


def _unique_slug(title: str) -> str:
    """The title's slug, with -2, -3… when taken (slugs are unique in any case)."""
    base = slugify(title)[:190].strip("-") or "article"
    taken = {
        slug.lower()
        for slug in Article.objects.filter(slug__istartswith=base).values_list("slug", flat=True)
    }
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _clean_tags(tags: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
    problems = tag_name_problems(cleaned)
    if problems:
        raise ValidationError({"tags": problems})
    return cleaned


def _attach_product_boxes(article: Article, link_ids: Sequence[int]) -> None:
    """Product boxes for recognised promo lines, by the app that knows them (if any)."""
    attach = extensions.promo_products.get("attach")
    if attach and link_ids:
        attach(article, list(dict.fromkeys(link_ids)))
