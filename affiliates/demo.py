"""A demo affiliate link and product box (run by ``manage.py load_demo``).

The sample commentary ends with a promo for a shop; the demo gives the newest demo article
that shop as a product box, so the disclosure and the box can be seen on the demo site.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from blog.demo_content import DEMO_ARTICLES
from blog.management.commands.load_demo import demo_image
from blog.models import Article

from .models import AffiliateLink, ArticleProduct

DEMO_LINK = {
    "slug": "essante-organics",
    "name": "Essante Organics",
    "merchant": "Essante Organics",
    # example.org: a demo must not send readers, or the link checker, to a real shop.
    "destination_url": "https://example.org/essante-organics",
    "pitch": "Your dream shop: guaranteed organic, toxin-free, pH-balanced products.",
    "price_text": "from £12",
}


def load_demo(*, stdout) -> None:
    link, created = AffiliateLink.objects.get_or_create(
        slug=DEMO_LINK["slug"], defaults={k: v for k, v in DEMO_LINK.items() if k != "slug"}
    )
    if created:
        # A picture and a dated price, so the demo box shows everything a box can.
        link.price_checked_on = timezone.localdate()
        link.image.save(
            f"{link.slug}.jpg", ContentFile(demo_image(link.slug, ("#2a9d8f", "#f4a261"))),
            save=False,
        )  # fmt: skip
        link.full_clean()
        link.save()
    article = Article.objects.filter(slug=DEMO_ARTICLES[0]["slug"]).first()
    if article is None:
        return
    _, boxed = ArticleProduct.objects.get_or_create(article=article, link=link)
    if created or boxed:
        stdout.write(f"Demo affiliate link: {link.name}, boxed in “{article.title}”.")
