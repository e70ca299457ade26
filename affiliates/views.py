"""The cloaked redirect: /go/<slug>/ to the stored destination, and nowhere else."""

from __future__ import annotations

import logging

from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from blog.models import Article

from . import clickguard, counting, services
from .models import AffiliateLink, ArticleProduct, LinkUsage
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

    A browser's GET is counted at most once per reader and link in a window, and not past
    the client's rate limit (``clickguard``); otherwise it is counted as discarded. Either
    way the reader is redirected. The click is credited to the source article only when
    that article is published and really uses the link (in its text or as a product box),
    and the Referer, when there is one, is this site.
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
                day = timezone.localdate()
                credited = link.credited_id if counting.referer_is_this_site(request) else None
                services.take_click(
                    link_id=link.pk,
                    article_id=credited,
                    day=day,
                    discarded=clickguard.verdict(request, link_id=link.pk, day=day),
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
            # Through the where-used tables' (link, article) indexes: a claimed article that
            # does not use this link gets no credit.
            uses_link = Q(
                Exists(
                    LinkUsage.objects.filter(link=OuterRef(OuterRef("pk")), article=OuterRef("pk"))
                )
            ) | Q(
                Exists(
                    ArticleProduct.objects.filter(
                        link=OuterRef(OuterRef("pk")), article=OuterRef("pk")
                    )
                )
            )
            links = links.annotate(
                source_slug=Subquery(source.values("slug")[:1]),
                credited_id=Subquery(source.filter(uses_link).values("pk")[:1]),
            )
        link = links.first()
        if link is not None and not source_slug:
            link.credited_id = link.source_slug = None
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
