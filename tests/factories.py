"""Plain functions that build test data through the models' public API."""

from __future__ import annotations

import importlib
import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from blog.models import Article, Section, SectionKind

_counter = itertools.count(1)


def make_user(**fields):
    number = next(_counter)
    fields.setdefault("username", f"user{number}")
    fields.setdefault("email", f"{fields['username']}@example.com")
    password = fields.pop("password", "correct horse battery staple")
    user = get_user_model().objects.create_user(password=password, **fields)
    return user


def make_editor(**fields):
    fields.setdefault("username", f"editor{next(_counter)}")
    user = make_user(is_staff=True, **fields)
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("article", "section")
    ] + ["view_sectionkind", "preview_article", "publish_article"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def kinds() -> dict[str, SectionKind]:
    """The section kinds by slug; recreated after a transactional test has flushed them."""
    existing = {kind.slug: kind for kind in SectionKind.objects.all()}
    if existing:
        return existing
    migration = importlib.import_module("blog.migrations.0002_builtin_section_kinds")
    for name, slug, label, guidance, position in migration.KINDS:
        existing[slug] = SectionKind.objects.create(
            name=name, slug=slug, label=label, guidance=guidance, position=position
        )
    return existing


def make_article(*, sections=(), tags=(), **fields) -> Article:
    number = next(_counter)
    fields.setdefault("title", f"Article number {number}")
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("dek", "Why this matters, in a sentence.")
    fields.setdefault("intro", "A lede paragraph.\n\nA second paragraph of the lede.")
    if "author" not in fields:
        fields["author"] = make_user()
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        # Minutes apart, so a run's articles stay within the current month's archive.
        fields.setdefault("published_at", timezone.now() - timedelta(minutes=number))
    article = Article.objects.create(**fields)
    if tags:
        article.tags.set(list(tags))
    by_slug = kinds()
    for position, (kind, heading, body) in enumerate(sections, start=1):
        Section.objects.create(
            article=article, kind=by_slug[kind], heading=heading, body=body, position=position
        )
    return article


# The six headings of the commentary sample, as readers see them, with their kinds.
SAMPLE_HEADINGS = [
    ("section", "Prisoner Releases Signal Diplomatic Shift"),
    ("deep-dive", "Deep Dive: Sanctions Relief and Strategic Calculations"),
    ("section", "Geopolitical Pressure Intensifies"),
    ("prophetic-context", "Prophetic Context"),
    ("strategic-implications", "Strategic Implications"),
    ("conclusion", "Conclusion"),
]


# The same six as an author enters them: typed kinds named by their heading leave it empty.
SAMPLE_SECTIONS = [
    ("section", "Prisoner Releases Signal Diplomatic Shift"),
    ("deep-dive", "Sanctions Relief and Strategic Calculations"),
    ("section", "Geopolitical Pressure Intensifies"),
    ("prophetic-context", ""),
    ("strategic-implications", ""),
    ("conclusion", ""),
]


def update_settings(model, **fields):
    """Change an owner-settings singleton as the admin would: validated, saved, cache dropped."""
    settings = model.load()
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings


def standard_sections():
    return [
        ("section", "Talks Resume in Lisvard", "Negotiators met *again*."),
        ("deep-dive", "Sanctions and Spare Parts", "> “We will not be hurried.”\n> — A minister"),
        ("conclusion", "", "The outcome is **uncertain**."),
    ]


def image_file(name="photo.png", size=(1200, 800), image_format="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 60, 90)).save(buffer, image_format)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
