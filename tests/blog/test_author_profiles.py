"""Author pages with a bio and photo that the author edits themselves in the admin."""

import json
import re

import pytest
from django.urls import reverse

from blog.models import Article, AuthorProfile
from tests import factories
from tests.newsroom.support import member

pytestmark = pytest.mark.django_db

ADD = reverse("admin:blog_authorprofile_add")
LIST = reverse("admin:blog_authorprofile_changelist")


def change(profile) -> str:
    return reverse("admin:blog_authorprofile_change", args=[profile.pk])


@pytest.fixture
def people(db):
    factories.kinds()
    alice = member("Authors", username="alice", first_name="Alice", last_name="Moss")
    bob = member("Authors", username="bob", first_name="Bob", last_name="Keane")
    factories.make_article(author=alice, title="Alice writes")
    factories.make_article(author=bob, title="Bob writes")
    return {"alice": alice, "bob": bob, "editor": member("Editors", username="ed")}


def author_page(client, user) -> str:
    return client.get(reverse("blog:author", args=[user.username])).content.decode()


def test_author_writes_their_bio_and_photo_in_the_admin(client, people):
    """Alice opens "Author profiles", lands on her new profile's form, saves a bio and photo;
    her page shows them (a WebP rendition with its size), and the JSON-LD names her."""
    client.force_login(people["alice"])
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"] == ADD
    form = client.get(ADD).content.decode()
    assert 'name="user"' not in form  # she cannot pick whose profile it is
    saved = client.post(ADD, {"bio": "Alice covers the Baltic.\n\nShe lives in Riga.",
                              "photo": factories.image_file(size=(600, 600)),
                              "user": people["bob"].pk})  # fmt: skip
    assert saved.status_code == 302
    profile = AuthorProfile.objects.get()
    assert profile.user == people["alice"]  # a forged "user" is ignored
    assert client.get(LIST)["Location"] == change(profile)
    client.logout()
    html = author_page(client, people["alice"])
    assert "<p>Alice covers the Baltic.</p><p>She lives in Riga.</p>" in html
    img = re.search(r'<img class="author-photo"[^>]+>', html)[0]
    assert ".webp" in img and re.search(r'width="\d+" height="\d+"', img)
    assert 'alt="Photo of Alice Moss"' in img
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S)[1])  # fmt: skip
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["@type"] == "Person" and data["mainEntity"]["name"] == "Alice Moss"
    assert "Baltic" in data["mainEntity"]["description"] and "image" in data["mainEntity"]


def test_an_author_cannot_open_or_change_another_authors_profile(client, people):
    """Bob's profile is 404 to Alice, on every path; her post changes nothing."""
    bobs = AuthorProfile.objects.create(user=people["bob"], bio="Bob's own words.")
    client.force_login(people["alice"])
    assert client.get(change(bobs)).status_code == 404
    assert client.post(change(bobs), {"bio": "Hacked"}).status_code == 404
    assert AuthorProfile.objects.get(pk=bobs.pk).bio == "Bob's own words."
    assert client.get(reverse("admin:blog_authorprofile_delete", args=[bobs.pk])).status_code in (
        403, 404)  # fmt: skip


def test_an_editor_edits_anyones_profile(client, people):
    """Editors may correct any author's bio."""
    bobs = AuthorProfile.objects.create(user=people["bob"], bio="Typo heer.")
    client.force_login(people["editor"])
    assert client.post(change(bobs), {"bio": "Typo here."}).status_code == 302
    assert AuthorProfile.objects.get(pk=bobs.pk).bio == "Typo here."


def test_a_photo_that_is_not_an_image_is_refused_and_the_bio_kept(client, people):
    """An upload is checked by content; the form comes back with the text typed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["alice"])
    fake = SimpleUploadedFile("me.png", b"<html>not an image</html>", content_type="image/png")
    response = client.post(ADD, {"bio": "Kept words.", "photo": fake})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Upload a valid image" in html and "Kept words." in html
    assert not AuthorProfile.objects.exists()


def test_bio_length_is_limited(client, people):
    client.force_login(people["alice"])
    response = client.post(ADD, {"bio": "x" * 1501})
    assert response.status_code == 200 and not AuthorProfile.objects.exists()


def test_editing_the_profile_refreshes_the_cached_author_page(client, people):
    """The stored author page shows the new bio at once."""
    profile = AuthorProfile.objects.create(user=people["alice"], bio="First bio.")
    assert "First bio." in author_page(client, people["alice"])
    url = reverse("blog:author", args=["alice"])
    assert client.get(url)["X-Page-Cache"] == "hit"
    profile.bio = "Second bio."
    profile.save()
    assert "Second bio." in author_page(client, people["alice"])


def test_a_person_without_public_articles_has_no_page_whatever_their_profile(client, people):
    """A profile does not make a page: only people who have published have one."""
    quiet = member("Authors", username="quiet")
    factories.make_article(author=quiet, status=Article.Status.DRAFT)
    AuthorProfile.objects.create(user=quiet, bio="Never published.")
    assert client.get(reverse("blog:author", args=["quiet"])).status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_author_page_costs_fixed_queries(client, django_assert_max_num_queries, no_page_cache,
                                         people, count, settings):  # fmt: skip
    """The profile comes with the author (no extra query), articles and tags in fixed ones."""
    AuthorProfile.objects.create(user=people["alice"], bio="Bio.")
    for number in range(count):
        factories.make_article(author=people["alice"], tags=[f"t{number}", "common"])
    with django_assert_max_num_queries(6):
        html = author_page(client, people["alice"])
    per_page = settings.BROADSHEET["ARTICLES_PER_PAGE"]
    assert html.count('class="article-card"') == min(count + 1, per_page)


def test_sitemap_lists_the_pages_of_people_who_have_published(client, people):
    """Authors with a public article are in the sitemap; someone with only drafts is not."""
    quiet = member("Authors", username="quiet")
    factories.make_article(author=quiet, status=Article.Status.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    page = re.search(r"<loc>http://testserver(/sitemap-authors\.xml[^<]*)</loc>", index)[1]
    xml = client.get(page.replace("&amp;", "&")).content.decode()
    assert "/authors/alice/" in xml and "/authors/bob/" in xml
    assert "/authors/quiet/" not in xml
