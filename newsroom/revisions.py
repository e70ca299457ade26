"""Revisions of articles with django-reversion: what readers see, stored, compared, restored.

A revision holds the article's row, its sections, its tag links and whatever other apps list
in ``blog.extensions.revision_follow`` (product boxes). Revisions are written explicitly
(``record``) after a save has finished — sections renumbered, tags set — so each one is the
exact state readers get. A *pending* revision (a proposed change) is built the same way
from a save that is then rolled back (``capture``), and stored without touching the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from blog import extensions
from blog.models import Article, Section, SectionKind, Tag

ARTICLE_FOLLOW = ["sections", "tagged_items"]


def follow() -> list[str]:
    return [*ARTICLE_FOLLOW, *extensions.revision_follow]


def register() -> None:
    """Register Article and everything it follows (called from ``NewsroomConfig.ready``)."""
    if reversion.is_registered(Article):
        return
    reversion.register(Article, follow=follow())
    # Tags are stored with a revision (a proposal may name a tag that only exists in it) but
    # never followed: restoring must not delete a tag other articles use.
    for related in [*(Article._meta.get_field(name).related_model for name in follow()), Tag]:
        if not reversion.is_registered(related):
            reversion.register(related)


def _objects(article: Article) -> list:
    """The article and every row that follows it, fresh from the database."""
    fresh = Article.objects.get(pk=article.pk)
    rows = [fresh]
    for name in follow():
        rows.extend(getattr(fresh, name).all())
    rows.extend(Tag.objects.filter(pk__in=[row.tag_id for row in fresh.tagged_items.all()]))
    return rows


def capture(article: Article) -> list[Version]:
    """Unsaved versions of the article as it stands in the database now."""
    versions = []
    for row in _objects(article):
        versions.append(
            Version(
                content_type=ContentType.objects.get_for_model(row.__class__),
                object_id=str(row.pk),
                db="default",
                format="json",
                serialized_data=serializers.serialize("json", [row]),
                object_repr=str(row)[:200],
            )
        )
    return versions


@transaction.atomic
def store(versions: list[Version], *, user=None, comment: str = "") -> Revision:
    """Save captured versions as one revision."""
    revision = Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
    for version in versions:
        version.pk = None
        version.revision = revision
    Version.objects.bulk_create(versions)
    return revision


def record(article: Article, *, user=None, comment: str = "") -> Revision:
    """A revision of the article's current (live) state."""
    return store(capture(article), user=user, comment=comment)


def revisions_of(article: Article):
    """The article's revisions, newest first, with who made them (one query)."""
    ids = Version.objects.get_for_object(article).values("revision_id")
    return (
        Revision.objects.filter(pk__in=ids).select_related("user").order_by("-date_created", "-id")
    )


def revision_revert(revision: Revision) -> None:
    """Put the rows of ``revision`` back: rows it holds return, rows it lacks go."""
    revision.revert(delete=True)


def resave(article: Article) -> None:
    """Save the article and its sections the ordinary way after a revert (reversion writes
    raw rows): derived HTML is rendered afresh and every post_save receiver (page caches,
    link usage, sitemap version) runs as for an editor's save."""
    for section in article.sections.select_related("kind", "article"):
        section.save()
    article.save()


# --- reading a revision back: a snapshot to compare -------------------------------------


@dataclass
class SectionState:
    id: int
    kind: str
    heading: str
    body: str
    position: int


@dataclass
class Snapshot:
    fields: dict[str, str]
    sections: list[SectionState]
    tags: list[str]
    others: list[str] = field(default_factory=list)


# The article fields a reader (or an editor comparing) cares about, in form order.
COMPARED_FIELDS = [
    ("title", "Title"), ("slug", "Slug"), ("dek", "Standfirst"), ("intro", "Lede"),
    ("status", "Status"), ("published_at", "Publication date"), ("author", "Author"),
    ("featured_image", "Featured image"), ("featured_image_alt", "Image alt text"),
    ("featured_image_caption", "Image caption"), ("featured_image_credit", "Image credit"),
    ("meta_description", "Meta description"), ("comments_open", "Comments open"),
]  # fmt: skip


def snapshots(version_lists: list[list[Version]]) -> list[Snapshot]:
    """Snapshots of several revisions, with kinds, tags and authors looked up once."""
    article_type = ContentType.objects.get_for_model(Article)
    section_type = ContentType.objects.get_for_model(Section)
    tag_item_type = ContentType.objects.get_for_model(Article.tags.through)
    tag_type = ContentType.objects.get_for_model(Tag)
    kinds = {kind.pk: kind.name for kind in SectionKind.objects.all()}
    parsed = []
    tag_ids, user_ids = set(), set()
    for versions in version_lists:
        article, sections, tag_links, others = None, [], [], []
        for version in versions:
            data = version.field_dict
            if version.content_type_id == article_type.pk:
                article = data
                user_ids.add(data.get("author_id") or data.get("author"))
            elif version.content_type_id == section_type.pk:
                sections.append((int(version.object_id), data))
            elif version.content_type_id == tag_type.pk:
                continue
            elif version.content_type_id == tag_item_type.pk:
                tag_links.append(data.get("tag_id") or data.get("tag"))
                tag_ids.add(tag_links[-1])
            else:
                others.append(version.object_repr)
        parsed.append((article or {}, sections, tag_links, sorted(others)))
    tags = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    for versions in version_lists:  # tags that exist only in a revision (a proposal)
        tags.update(
            (int(v.object_id), v.field_dict["name"])
            for v in versions
            if v.content_type_id == tag_type.pk
        )
    from django.contrib.auth import get_user_model

    from blog.presentation import author_name

    people = {u.pk: author_name(u) for u in get_user_model().objects.filter(pk__in=user_ids)}
    result = []
    for article, sections, tag_links, others in parsed:
        fields = {}
        for name, _label in COMPARED_FIELDS:
            value = article.get(name, article.get(f"{name}_id", ""))
            if name == "author":
                value = people.get(article.get("author_id") or article.get("author"), "")
            elif name == "status":
                value = Article.Status(value).label if value in Article.Status.values else value
            elif name == "published_at" and value:
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            fields[name] = "" if value is None else str(value)
        ordered = sorted(sections, key=lambda item: (item[1].get("position", 0), item[0]))
        result.append(
            Snapshot(
                fields=fields,
                sections=[
                    SectionState(
                        id=pk,
                        kind=kinds.get(data.get("kind_id") or data.get("kind"), "?"),
                        heading=data.get("heading", ""),
                        body=data.get("body", ""),
                        position=number,
                    )
                    for number, (pk, data) in enumerate(ordered, start=1)
                ],
                tags=sorted(tags.get(tag_id, "?") for tag_id in tag_links),
                others=others,
            )
        )
    return result


def versions_of(revision: Revision) -> list[Version]:
    return list(revision.version_set.select_related("content_type"))
