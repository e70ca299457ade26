from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from blog import extensions

        from .conf import proxy_config
        from .models import approved_count

        proxy_config()  # a wrong proxy setting stops start-up instead of misreading clients
        # Article lists and pages get `comment_count` in their own query.
        extensions.listing_annotations["comment_count"] = approved_count
