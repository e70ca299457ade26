"""The cloaked redirect: /go/<slug>/ to the stored destination, and nowhere else."""

from __future__ import annotations

import logging

from django.db.models import Subquery
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from blog.models import Article

from . import counting, services
from .models import AffiliateLink
from .validators import is_valid_destination

logger = logging.getLogger(__name__)

ROBOTS_HEADER = "noindex, nofollow"
# The merchant learns which site sent the reader (affiliate programmes check it), not the
# article or anything in its query string.
REFERRER_POLICY = "strict-origin-when-cross-origin"


@method_decorator(never_cache, name="dispatch")
class LinkRedirectView(View):
    """GET counts the click and redirects; HEAD answers the same without counting.

    At most three queries: the link together with the source article (one query), and the
    click counter (one upsert). The destination comes only from the database; no parameter
    or path segment can change where the reader is sent.
    """

    http_method_names = ["get", "head"]

    def get(self, request, slug: str) -> HttpResponse:
        link = self.get_link(slug, counting.source_article_slug(request))
        if link is None:
            response = render(request, "404.html", status=404)
        elif not link.is_active or not is_valid_destination(link.destination_url):
            if link.is_active:
                logger.warning("Affiliate link %s has an invalid destination.", link.slug)
            response = self.unavailable(request, link)
        else:
            if counting.is_countable(request):
                services.record_click(
                    link_id=link.pk, article_id=link.source_id, day=timezone.localdate()
                )
            response = HttpResponseRedirect(link.destination_url)
        response["X-Robots-Tag"] = ROBOTS_HEADER
        response["Referrer-Policy"] = REFERRER_POLICY
        return response

    def get_link(self, slug: str, source_slug: str) -> AffiliateLink | None:
        links = AffiliateLink.objects.filter(slug=slug).only(
            "id", "name", "slug", "destination_url", "is_active"
        )
        if source_slug:
            source = Article.objects.published().filter(slug=source_slug)
            links = links.annotate(
                source_id=Subquery(source.values("pk")[:1]),
                source_slug=Subquery(source.values("slug")[:1]),
            )
        link = links.first()
        if link is not None and not source_slug:
            link.source_id = link.source_slug = None
        return link

    def unavailable(self, request, link: AffiliateLink) -> HttpResponse:
        """410 Gone, with the way back to the article the reader came from (if it is public)."""
        if link.source_slug:
            back_url = reverse("blog:article", kwargs={"slug": link.source_slug})
            back_label = "Back to the article"
        else:
            back_url, back_label = reverse("blog:home"), "Read the latest analysis"
        return render(
            request,
            "affiliates/link_unavailable.html",
            {"link_name": link.name, "back_url": back_url, "back_label": back_label},
            status=410,
        )
