from django.apps import AppConfig
from django.db.models.signals import post_save


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Follow by email"

    def ready(self) -> None:
        from blog import extensions
        from blog.models import Article

        from . import demo, mailing, presentation

        post_save.connect(
            mailing.article_published, sender=Article, dispatch_uid="subscriptions-announce"
        )
        if presentation.extend_article_page not in extensions.article_page_extenders:
            extensions.article_page_extenders.append(presentation.extend_article_page)
        if presentation.home_page_box not in extensions.home_page_extenders:
            extensions.home_page_extenders.append(presentation.home_page_box)
        if demo.load_demo not in extensions.demo_loaders:
            extensions.demo_loaders.append(demo.load_demo)
