"""The pages this feature adds are valid HTML (vnu) with their new blocks in place."""

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, AuthorProfile
from tests import factories
from tests.comments.support import approved
from tests.html_validator import html_errors

pytestmark = pytest.mark.django_db


def test_front_tag_index_archive_year_author_and_related_pass_vnu(client, tmp_path):
    """Home with a lead and most discussed, /tags/, a year, an author with a profile and an
    article with related reading: no validator error."""
    author = factories.make_user(username="hale", first_name="Miriam", last_name="Hale")
    AuthorProfile.objects.create(
        user=author, bio="Writes on the Baltic.\n\nLives in Riga.", photo=factories.image_file()
    )
    lead = factories.make_article(
        author=author, tags=["Baltic", "Energy"], featured_image=factories.image_file(),
        featured_image_alt="A harbour at dusk",
    )  # fmt: skip
    Article.objects.filter(pk=lead.pk).update(lead_since=timezone.now())
    others = [factories.make_article(author=author, tags=["Baltic"]) for _ in range(3)]
    approved(others[0])
    year = timezone.localtime(lead.published_at).year
    urls = {
        "home": reverse("blog:home"),
        "tags": reverse("blog:tags"),
        "year": reverse("blog:archive-year", args=[year]),
        "archive": reverse("blog:archive"),
        "author": reverse("blog:author", args=["hale"]),
        "article": others[1].get_absolute_url(),
    }
    documents = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        documents[name] = response.content.decode()
    assert 'class="lead-story"' in documents["home"]
    assert 'class="most-discussed"' in documents["home"]
    assert 'class="related-reading"' in documents["article"]
    assert 'class="author-profile"' in documents["author"]
    errors = html_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)
