"""People appear by display name in every admin select and list, never by login name."""

import re

import pytest
from django.urls import reverse

from comments.models import Comment
from tests import factories
from wordpress.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def miriam(db):
    return factories.make_user(
        username="mhale", first_name="Miriam", last_name="Hale", is_staff=True
    )


def test_article_author_select_and_list(editor_client, miriam):
    """The author select and the article list's author column and filter."""
    factories.make_article(author=miriam)
    add = editor_client.get(reverse("admin:blog_article_add")).content.decode()
    assert re.search(rf'<option value="{miriam.pk}"[^>]*>Miriam Hale</option>', add)
    listing = editor_client.get(reverse("admin:blog_article_changelist")).content.decode()
    assert "Miriam Hale" in listing and ">mhale<" not in listing


def test_comment_page_names_its_moderator(admin_client_logged, miriam):
    """“Moderated by” on a comment's page."""
    comment = Comment.objects.create(
        article=factories.make_article(), name="Ana", email="ana@example.org", body="Hi.",
        status="approved", moderated_by=miriam,
    )  # fmt: skip
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    html = admin_client_logged.get(url).content.decode()
    assert "Miriam Hale" in html and ">mhale<" not in html


def test_wordpress_import_lists_and_picks_people_by_name(admin_client_logged, miriam):
    """The import runs' list and the import form's default-author select."""
    ImportRun.objects.create(user=miriam, file_name="export.xml", site="Old blog")
    listing = admin_client_logged.get(reverse("admin:wordpress_importrun_changelist"))
    assert "Miriam Hale" in listing.content.decode()
    form = admin_client_logged.get(reverse("admin:wordpress_importrun_import")).content.decode()
    assert re.search(r'<option value="mhale"[^>]*>Miriam Hale</option>', form)
