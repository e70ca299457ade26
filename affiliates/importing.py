"""What the article importer asks of this app: promo lines that name an affiliate link.

Registered in ``blog.extensions.promo_products`` (blog never imports this app).
"""

from collections.abc import Iterable, Sequence

from django.db.models import Max, Q

from .models import AffiliateLink, ArticleProduct


def links_named(names: Iterable[str]) -> dict[str, int]:
    """{casefolded name: link id} for the active links called one of ``names`` (any case)."""
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    found: dict[str, int] = {}
    for pk, name in (
        AffiliateLink.objects.active().filter(query).order_by("pk").values_list("pk", "name")
    ):
        found.setdefault(name.casefold(), pk)
    return found


def attach_boxes(article, link_ids: Sequence[int]) -> None:
    """A product box at the end of the article for each link not boxed there yet."""
    boxed = set(ArticleProduct.objects.filter(article=article).values_list("link_id", flat=True))
    last = ArticleProduct.objects.filter(article=article).aggregate(last=Max("position"))["last"]
    position = last or 0
    for link_id in link_ids:
        if link_id in boxed:
            continue
        position += 1
        box = ArticleProduct(article=article, link_id=link_id, position=position)
        box.full_clean()
        box.save()
