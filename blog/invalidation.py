"""Which cached pages an article, section or tag change refreshes (signal receivers).

Decoupled upkeep, connected in ``BlogConfig.ready``. An edit refreshes the article's page,
the lists and feeds that show it, and the sitemap; a change in what lists contain (publishing,
withdrawing, a new date, author or tag) refreshes the lists of the old and the new state:
the home page and site feeds, the author's page, the month's archive and the tags' pages.
"""

from __future__ import annotations

from django.utils import timezone

from . import caching
from .models import Article

_LISTING_FIELDS = ("status", "published_at", "author_id")


def article_keys(pk: int) -> list[str]:
    return [caching.article_key(pk), caching.article_body_key(pk)]


def listing_keys(*, status, published_at, author_id, tag_ids=()) -> list[str]:
    """The lists an article in this state appears on (none unless it is published)."""
    if status != Article.Status.PUBLISHED or published_at is None:
        return []
    local = timezone.localtime(published_at)
    return [
        caching.LISTS,
        caching.SITEMAP,
        caching.author_list_key(author_id),
        caching.month_list_key(local.year, local.month),
        *(caching.tag_list_key(tag_id) for tag_id in tag_ids),
    ]


def _tag_ids(article_id: int) -> list[int]:
    through = Article.tags.through
    column = "object_id" if _generic(through) else "content_object_id"
    return list(through.objects.filter(**{column: article_id}).values_list("tag_id", flat=True))


def _generic(through) -> bool:
    """taggit's own table (object_id + content type), or a typed through model's FK."""
    return any(field.name == "object_id" for field in through._meta.get_fields())


# What pages show of a person: their name on bylines, their username in their page's address.
_SHOWN_PERSON_FIELDS = ("username", "first_name", "last_name")


def person_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Remember how a person was shown before the save (not for a login's ``last_login``)."""
    if raw or not instance.pk:
        return
    if update_fields is not None and not set(update_fields) & set(_SHOWN_PERSON_FIELDS):
        return
    instance._shown_before = (
        type(instance).objects.filter(pk=instance.pk).values_list(*_SHOWN_PERSON_FIELDS).first()
    )


def person_saved(sender, instance, raw=False, **kwargs) -> None:
    """A new name or username: every byline of theirs (articles, cards, feeds, search), their
    author page, and the authors' sitemap when their page's address moved."""
    before = getattr(instance, "_shown_before", None)
    if raw or before is None:
        return
    del instance._shown_before
    now = tuple(getattr(instance, name) for name in _SHOWN_PERSON_FIELDS)
    if now == before:
        return
    keys = [caching.author_key(instance.pk), caching.author_list_key(instance.pk)]
    if now[0] != before[0]:
        keys.append(caching.SITEMAP)
    caching.invalidate(*keys)


def article_saving(sender, instance: Article, raw=False, **kwargs) -> None:
    """Remember the listing state before the save, to refresh the lists it leaves."""
    if raw or not instance.pk:
        return
    instance._listed_before = (
        Article.objects.filter(pk=instance.pk).values(*_LISTING_FIELDS).first()
    )


def article_saved(sender, instance: Article, raw=False, **kwargs) -> None:
    if raw:
        return
    keys = article_keys(instance.pk)
    now = {name: getattr(instance, name) for name in _LISTING_FIELDS}
    before = getattr(instance, "_listed_before", None)
    if instance.status == Article.Status.PUBLISHED:
        keys.append(caching.SITEMAP)  # its last-modified date changed
    if before != now:
        tag_ids = _tag_ids(instance.pk)
        keys += listing_keys(**now, tag_ids=tag_ids)
        if before:
            keys += listing_keys(**before, tag_ids=tag_ids)
    if instance.is_scheduled:
        caching.note_scheduled(instance.published_at)
    caching.invalidate(*keys)


def article_deleted(sender, instance: Article, **kwargs) -> None:
    fields = {name: getattr(instance, name) for name in _LISTING_FIELDS}
    caching.invalidate(*article_keys(instance.pk), *listing_keys(**fields))


def correction_changed(sender, instance, raw=False, **kwargs) -> None:
    """A correction added or edited: its article's page and feed entries, /corrections/."""
    if not raw:
        caching.invalidate(*article_keys(instance.article_id), caching.CORRECTIONS)


def section_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        caching.invalidate(caching.article_body_key(instance.article_id))


def tagging_changed(sender, instance, raw=False, **kwargs) -> None:
    """A tag added to or removed from an article: its page, cards, that tag's lists and the
    tag index's counts."""
    if raw:
        return
    article_id = getattr(instance, "content_object_id", None) or getattr(
        instance, "object_id", None
    )
    keys = [caching.tag_list_key(instance.tag_id), caching.TAG_INDEX]
    if article_id:
        keys.append(caching.article_key(article_id))
    caching.invalidate(*keys)


def tag_changed(sender, instance, raw=False, **kwargs) -> None:
    """A renamed tag: every page showing its name (articles, the cards on any list, feeds),
    its own lists, the tag index and the site's lists."""
    if not raw:
        caching.invalidate(
            caching.tag_key(instance.pk),
            caching.tag_list_key(instance.pk),
            caching.TAG_INDEX,
            caching.LISTS,
        )


def profile_changed(sender, instance, raw=False, **kwargs) -> None:
    """An author's bio or photo: their author page (the only page showing it)."""
    if not raw:
        caching.invalidate(caching.author_list_key(instance.user_id))
