"""The pages the benchmarks measure, built in whatever database Django is configured for.

``build()`` loads the demo (six ~1,100-word commentary articles with images, comments and a
product box) and adds the *heavy article*: 12 sections of the demo's text, 200 approved
comments (a third of them replies) and 15 affiliate links in its text, 5 of them as boxes.
Idempotent. Returns the URLs to measure.
"""

from __future__ import annotations

import io
from datetime import timedelta

HEAVY_SLUG = "bench-heavy-article"
PLAIN_SLUG = "valdoria-grain-corridor-gambit"


def build() -> dict[str, str]:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    heavy = _heavy_article()
    tag = heavy.tags.order_by("slug").first()
    return {
        "article": f"/articles/{PLAIN_SLUG}/",
        "heavy": heavy.get_absolute_url(),
        "home": "/",
        "tag": f"/tags/{tag.slug}/",
    }


def _heavy_article():
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from affiliates.models import AffiliateLink, ArticleProduct
    from blog.models import Article, Section, SectionKind
    from comments.models import Comment, body_fingerprint, render_body

    existing = Article.objects.filter(slug=HEAVY_SLUG).first()
    if existing:
        return existing
    plain = Article.objects.get(slug=PLAIN_SLUG)
    bodies = [section.body for section in plain.sections.all()]
    kinds = list(SectionKind.objects.all())
    author = get_user_model().objects.filter(articles__isnull=False).first()
    with transaction.atomic():
        links = []
        for number in range(15):
            link, _ = AffiliateLink.objects.get_or_create(
                slug=f"bench-product-{number}",
                defaults={
                    "name": f"Bench Product {number}",
                    "destination_url": f"https://shop.example/item/{number}?tag=bench-21",
                    "merchant": "Example Shop",
                    "pitch": "A sturdy, well-reviewed thing readers ask about.",
                },
            )
            links.append(link)
        article = Article.objects.create(
            title="The Long Read: Twelve Questions for the Meridian Compact",
            slug=HEAVY_SLUG,
            dek="Every angle of the corridor dispute, with the tools our analysts use.",
            intro=plain.intro,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        )
        article.tags.set(["diplomacy", "analysis"])
        for position in range(1, 13):
            body = bodies[(position - 1) % len(bodies)]
            if position <= 10:
                link = links[position - 1]
                body += f"\n\nWe used [{link.name}](aff:{link.slug}) for this section's charts."
            if position in (11, 12):
                for link in links[10 + (position - 11) * 3 : 13 + (position - 11) * 2]:
                    body += f"\n\n[{link.name}](aff:{link.slug}#box)"
            Section.objects.create(
                article=article,
                kind=kinds[(position - 1) % len(kinds)],
                heading=f"Question {position}: what changes next",
                body=body,
                position=position,
            )
        for link in links[:3]:
            ArticleProduct.objects.create(article=article, link=link, after_section=None)
        text = (
            "A fair reading, though I think the *corridor* matters more than the piece "
            "allows. See [the ministry notice](https://example.org/notice)."
        )
        html = render_body(text)
        start = timezone.now() - timedelta(minutes=50)

        def comment(number, parent=None):
            return Comment(
                article=article, parent=parent, name=f"Reader {number}",
                email=f"reader{number}@example.org", body=text, body_html=html,
                body_fingerprint=body_fingerprint(f"{text} {number}"),
                status=Comment.Status.APPROVED, created_at=start + timedelta(seconds=number),
            )  # fmt: skip

        roots = Comment.objects.bulk_create([comment(n) for n in range(134)])
        Comment.objects.bulk_create([comment(134 + n, parent=roots[n * 2]) for n in range(66)])
    return article
