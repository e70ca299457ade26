from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import caching, extensions
from .models import Article
from .presentation import author_name, modified_at
from .views import public_tag_or_404

FEED_LENGTH = 20


def with_corrections(articles) -> list:
    """The articles, with their corrections read in one query only if any has some."""
    articles = list(articles)
    corrected = [article for article in articles if article.last_corrected_at]
    if corrected:
        prefetch_related_objects(corrected, "corrections")
    return articles


class LatestArticlesFeed(Feed):
    """Full-content RSS of the latest public articles."""

    description_template = "feeds/article_content.html"

    def title(self):
        return settings.BROADSHEET["SITE_NAME"]

    def link(self):
        return reverse("blog:home")

    def description(self):
        return settings.BROADSHEET["SITE_TAGLINE"]

    def articles(self):
        return Article.objects.published().for_reading().order_by("-published_at", "-id")

    def items(self):
        caching.depends_on(caching.LISTS)
        return with_corrections(self.articles()[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return modified_at(item)  # a correction or update counts as a change

    def item_author_name(self, item):
        caching.depends_on(caching.author_key(item.author_id))
        return author_name(item.author)

    def item_categories(self, item):
        tags = list(item.tags.all())
        caching.depends_on(*(caching.tag_key(tag.pk) for tag in tags))
        return [tag.name for tag in tags]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs["item"]
        caching.depends_on(caching.article_key(item.pk), caching.article_body_key(item.pk))
        sections = list(item.sections.all())
        extras = [extend(item, sections) for extend in extensions.feed_item_extenders]
        context["sections"] = sections
        context["corrections"] = list(item.corrections.all()) if item.last_corrected_at else []
        context["feed_before"] = [before for before, _ in extras if before]
        context["feed_after"] = [after for _, after in extras if after]
        return context


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


class TagFeed(LatestArticlesFeed):
    """The same full-content feed, narrowed to one tag."""

    def get_object(self, request, slug):
        return public_tag_or_404(slug)

    def title(self, tag):
        return f"{settings.BROADSHEET['SITE_NAME']}: {tag.name}"

    def link(self, tag):
        return reverse("blog:tag", args=[tag.slug])

    def description(self, tag):
        return f"Articles tagged “{tag.name}”"

    def items(self, tag):
        caching.depends_on(caching.tag_list_key(tag.pk))
        return with_corrections(self.articles().filter(tags=tag)[:FEED_LENGTH])


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

    def subtitle(self, tag):
        return self.description(tag)
