from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from blog import extensions

        from . import demo, discussion, sections, signals
        from .models import Comment, ModerationSettings, approved_count, section_approved_count

        # Article lists and pages get `comment_count` in their own query; so do the article's
        # sections (the table of contents shows each one's).
        extensions.listing_annotations["comment_count"] = approved_count
        extensions.section_annotations["comment_count"] = section_approved_count
        # "Respond to this section" under each section, its count in the table of contents.
        if sections.extend_article_page not in extensions.article_page_extenders:
            extensions.article_page_extenders.append(sections.extend_article_page)
        extensions.role_permissions["Editors"].update(
            {"comments.can_moderate", "comments.view_comment", "comments.change_comment",
             "comments.delete_comment"}
        )  # fmt: skip
        extensions.role_permissions["Authors"].add("comments.view_comment")
        if discussion.most_discussed_box not in extensions.home_page_extenders:
            extensions.home_page_extenders.append(discussion.most_discussed_box)
        if demo.load_demo not in extensions.demo_loaders:
            extensions.demo_loaders.append(demo.load_demo)
        # The page cache: forget the pages a change alters.
        for signal in (post_save, post_delete):
            signal.connect(
                signals.comment_changed,
                sender=Comment,
                dispatch_uid=f"comments-pages-{signal is post_save}",
            )
            signal.connect(
                signals.rules_changed,
                sender=ModerationSettings,
                dispatch_uid=f"comments-rules-{signal is post_save}",
            )
