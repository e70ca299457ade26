from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The desk's rules on top of ``blog``: workflow, revisions, proposed changes, share links.

    ``blog`` never imports this app; it registers with blog's hooks here.
    """

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from blog import extensions

        from . import revisions

        # Runs after blog's and the other apps' ready(): their revision_follow entries exist.
        revisions.register()
        extensions.role_permissions["Editors"].update(
            {"newsroom.view_transition", "newsroom.view_proposedchange"}
        )
        extensions.role_permissions["Authors"].update({"newsroom.view_transition"})
