from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from blog.models import Article, Section

        from . import conf, indexing

        conf.search_language()  # a malformed SEARCH_LANGUAGE stops start-up
        for model in (Article, Section):
            for signal in (post_save, post_delete):
                signal.connect(
                    indexing.article_changed,
                    sender=model,
                    dispatch_uid=f"search-{signal is post_save}-{model.__name__}",
                )
