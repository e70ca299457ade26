"""Affiliates' pre-publish checks (registered in ``blog.extensions.prepublish_checks``)."""

from __future__ import annotations

from django.db.models import Q

from blog.prepublish import ERROR, INFO, WARNING, Finding

from .models import AffiliateLink


def check_links(article, sections) -> list[Finding]:
    """Inactive links used (readers get "no longer available"), broken ones, and a note that
    the disclosure will show. One query, from the usage index and the product boxes."""
    links = list(
        AffiliateLink.objects.filter(
            Q(usages__article_id=article.pk) | Q(placements__article_id=article.pk)
        )
        .distinct()
        .only("name", "slug", "is_active", "health")
    )
    if not links:
        return []
    findings = []
    inactive = [link.name for link in links if not link.is_active]
    broken = [link.name for link in links if link.health == AffiliateLink.Health.BROKEN]
    if inactive:
        findings.append(Finding(ERROR, "Inactive affiliate links used: " + ", ".join(inactive)))
    if broken:
        findings.append(
            Finding(WARNING, "Affiliate links whose shop page is broken: " + ", ".join(broken))
        )
    findings.append(
        Finding(INFO, "This article has affiliate links: the disclosure will show here.")
    )
    return findings
