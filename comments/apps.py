from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from blog import extensions

        from . import demo
        from .models import approved_count

        # Article lists and pages get `comment_count` in their own query.
        extensions.listing_annotations["comment_count"] = approved_count
        extensions.role_permissions["Editors"].update(
            {"comments.can_moderate", "comments.view_comment", "comments.change_comment",
             "comments.delete_comment"}
        )  # fmt: skip
        extensions.role_permissions["Authors"].add("comments.view_comment")
        if demo.load_demo not in extensions.demo_loaders:
            extensions.demo_loaders.append(demo.load_demo)
