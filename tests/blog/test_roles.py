import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def codes(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_the_newsroom_groups():
    """Editors publish and moderate; Authors write and preview; section kinds are the owner's."""
    editors, authors = codes("Editors"), codes("Authors")
    assert {"blog.change_article", "blog.publish_article", "comments.can_moderate"} <= editors
    assert "blog.change_sectionkind" not in editors and "blog.publish_article" not in authors
    assert {"blog.add_article", "blog.preview_article", "comments.view_comment"} <= authors
    assert "comments.can_moderate" not in authors and "blog.delete_article" not in authors


def test_groups_keep_permissions_an_owner_added():
    """Running migrate again adds what is missing and removes nothing."""
    authors = Group.objects.get(name="Authors")
    authors.permissions.clear()
    extra = Permission.objects.get(codename="delete_article")
    authors.permissions.add(extra)
    call_command("migrate", verbosity=0)
    assert {"blog.delete_article", "blog.add_article"} <= codes("Authors")


def test_a_member_of_authors_can_write_in_the_admin(client):
    """Joining the Authors group is all a writer needs to open the article form."""
    writer = factories.make_user(is_staff=True)
    writer.groups.add(Group.objects.get(name="Authors"))
    client.force_login(writer)
    assert client.get(reverse("admin:blog_article_add")).status_code == 200
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 200
