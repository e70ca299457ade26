"""The newsroom's roles: Editors run the desk, Authors write, the Owner (superuser) does all.

Who may do what to an article is decided here and nowhere else (Wagtail's
``PagePermissionTester`` keeps every rule in one class too): the admin, the preview, the
import page and any service ask these functions, on the object.

* An **editor** holds ``blog.publish_article`` (the Editors group has it; superusers have
  every permission): every article, publishing, scheduling, unpublishing, direct edits.
* An **author** is any other staff member who may change articles (the Authors group): only
  the articles they author; changes to a published one wait for an editor.

Each app declares what its roles may do in ``blog.extensions.role_permissions``; after every
``migrate`` the groups are created and given those permissions. Permissions are only added,
so an owner who widens a group in the admin keeps the change.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from . import extensions

PUBLISH = "blog.publish_article"

BLOG_ROLES = {
    "Editors": {
        *(f"blog.{action}_{model}" for action in ("add", "change", "delete", "view")
          for model in ("article", "section")),
        # Section kinds are the owner's (superusers); editors pick them, as authors do.
        "blog.view_sectionkind",
        "blog.preview_article", "blog.view_tag", "blog.change_tag", PUBLISH,
        # Author profiles: editors may edit anyone's (the admin narrows authors to their own).
        *(f"blog.{action}_authorprofile" for action in ("add", "change", "delete", "view")),
    },
    "Authors": {
        *(f"blog.{action}_{model}" for action in ("add", "change", "view")
          for model in ("article", "section")),
        "blog.delete_section", "blog.view_sectionkind", "blog.preview_article",
        *(f"blog.{action}_authorprofile" for action in ("add", "change", "view")),
    },
}  # fmt: skip


def is_editor(user) -> bool:
    """Editors and the owner: every article, and the right to make it public."""
    return bool(user.is_active and user.is_staff and user.has_perm(PUBLISH))


def articles_for(user, queryset):
    """The articles ``user`` may open at all: every one for editors, their own for authors."""
    if is_editor(user):
        return queryset
    if not (user.is_active and user.is_staff):
        return queryset.none()
    return queryset.filter(author_id=user.pk)


def can_open(user, article) -> bool:
    return is_editor(user) or (user.is_active and user.is_staff and article.author_id == user.pk)


def edits_go_live(user, article) -> bool:
    """Whether ``user``'s save of ``article`` changes what readers see at once.

    True for editors, and for anyone while the article has never been made public (a draft,
    in review). An author's change to a published (or scheduled) article is only proposed.
    """
    return is_editor(user) or article.status != article.Status.PUBLISHED


def ensure_roles(**kwargs) -> None:
    """post_migrate receiver: runs once per migrated app, so it is cheap and idempotent."""
    for name, codes in extensions.role_permissions.items():
        if not codes:
            continue
        wanted = Q()
        for code in codes:
            app_label, codename = code.split(".", 1)
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        permissions = Permission.objects.filter(wanted)
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
