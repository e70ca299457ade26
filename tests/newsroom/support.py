"""Helpers for the newsroom tests: people in the real groups, and the article form's posts."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from tests import factories


def member(group: str, **fields):
    """A staff user in the named group, exactly as an owner would set one up."""
    user = factories.make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def change_url(article) -> str:
    return reverse("admin:blog_article_change", args=[article.pk])


def history_url(article) -> str:
    return reverse("admin:blog_article_history", args=[article.pk])


CHANGELIST = reverse("admin:blog_article_changelist")


def change_form_data(article: Article, *, sections=None, **overrides) -> dict:
    """What the change form posts for ``article`` as it stands, with ``overrides``.

    ``sections`` replaces the sections' (heading, body) texts by position when given.
    """
    local = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "intro": article.intro,
        "status": article.status,
        "published_at_0": local.strftime("%Y-%m-%d") if local else "",
        "published_at_1": local.strftime("%H:%M:%S") if local else "",
        "author": article.author_id,
        "tags": ", ".join(sorted(article.tags.names())),
        "comments_open": "on" if article.comments_open else "",
        "featured_image_alt": article.featured_image_alt,
        "featured_image_caption": article.featured_image_caption,
        "featured_image_credit": article.featured_image_credit,
        "meta_description": article.meta_description,
    }
    current = list(article.sections.order_by("position", "id"))
    data.update({
        "sections-TOTAL_FORMS": str(len(current)),
        "sections-INITIAL_FORMS": str(len(current)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    })  # fmt: skip
    for index, section in enumerate(current):
        heading, body = (sections or {}).get(index, (section.heading, section.body))
        data.update({
            f"sections-{index}-id": section.pk,
            f"sections-{index}-article": article.pk,
            f"sections-{index}-kind": section.kind_id,
            f"sections-{index}-heading": heading,
            f"sections-{index}-body": body,
            f"sections-{index}-position": section.position,
        })  # fmt: skip
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
