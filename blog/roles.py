"""The newsroom's groups: Editors run the desk, Authors write.

Each app declares what its roles may do in ``blog.extensions.role_permissions``; after every
``migrate`` the groups are created and given those permissions. Permissions are only added,
so an owner who widens a group in the admin keeps the change.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from . import extensions

BLOG_ROLES = {
    "Editors": {
        *(f"blog.{action}_{model}" for action in ("add", "change", "delete", "view")
          for model in ("article", "section")),
        "blog.view_sectionkind", "blog.change_sectionkind", "blog.add_sectionkind",
        "blog.preview_article", "blog.view_tag", "blog.change_tag",
    },
    "Authors": {
        *(f"blog.{action}_{model}" for action in ("add", "change", "view")
          for model in ("article", "section")),
        "blog.delete_section", "blog.view_sectionkind", "blog.preview_article",
    },
}  # fmt: skip


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
