"""The front page: a lead story chosen by editors, then the latest articles."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from tests import factories
from tests.newsroom.support import CHANGELIST, member

pytestmark = pytest.mark.django_db


def lead_title(html: str) -> str | None:
    found = re.search(r'class="lead-story.*?class="lead-title"><a href="[^"]+">([^<]+)<', html,
                      re.S)  # fmt: skip
    return found[1] if found else None


def card_titles(html: str) -> list[str]:
    return re.findall(r'class="article-card__title"><a href="[^"]+">([^<]+)<', html)


def ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def people(db):
    factories.kinds()
    return {
        "editor": member("Editors", username="ed"),
        "author": member("Authors", username="alice"),
    }


def feature(client, article, person):
    client.force_login(person)
    return client.post(
        CHANGELIST, {"action": "make_lead", "_selected_action": [article.pk]}, follow=True
    )


def test_without_a_chosen_lead_the_newest_article_leads(client):
    """No lead chosen: the newest public article leads, and is not repeated in the list."""
    factories.make_article(title="Older", published_at=ago(20))
    factories.make_article(title="Newest", published_at=ago(1))
    factories.make_article(title="Draft", status=Article.Status.DRAFT)
    html = client.get(reverse("blog:home")).content.decode()
    assert lead_title(html) == "Newest"
    assert card_titles(html) == ["Older"]
    assert "Draft" not in html


def test_editor_makes_an_article_the_lead(client, people):
    """An editor's "Make the lead story" puts an older article at the top, large, once."""
    old = factories.make_article(
        title="Old analysis", published_at=ago(300), author=people["author"]
    )
    factories.make_article(title="Newest", published_at=ago(1))
    response = feature(client, old, people["editor"])
    assert "now leads the front page" in response.content.decode()
    client.logout()
    html = client.get(reverse("blog:home")).content.decode()
    assert lead_title(html) == "Old analysis"
    assert card_titles(html) == ["Newest"]


def test_choosing_another_lead_replaces_the_first(client, people):
    """One lead at a time."""
    first = factories.make_article(title="First lead", published_at=ago(30))
    second = factories.make_article(title="Second lead", published_at=ago(60))
    feature(client, first, people["editor"])
    feature(client, second, people["editor"])
    assert list(Article.objects.filter(lead_since__isnull=False)) == [second]
    client.logout()
    assert lead_title(client.get(reverse("blog:home")).content.decode()) == "Second lead"


def test_an_author_cannot_make_their_own_article_the_lead(client, people):
    """The action is not offered to authors, and a forged post changes nothing."""
    own = factories.make_article(title="Mine", published_at=ago(300), author=people["author"])
    factories.make_article(title="Newest", published_at=ago(1))
    client.force_login(people["author"])
    assert "make_lead" not in client.get(CHANGELIST).content.decode()
    feature(client, own, people["author"])
    assert Article.objects.get(pk=own.pk).lead_since is None
    client.logout()
    assert lead_title(client.get(reverse("blog:home")).content.decode()) == "Newest"


def test_a_draft_cannot_lead_and_a_withdrawn_lead_gives_way(client, people):
    """Only a public article can be chosen; once withdrawn, the newest leads again."""
    draft = factories.make_article(title="Unready", status=Article.Status.DRAFT)
    response = feature(client, draft, people["editor"])
    assert "Only a published article can lead" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).lead_since is None
    chosen = factories.make_article(title="Chosen", published_at=ago(300))
    factories.make_article(title="Newest", published_at=ago(1))
    feature(client, chosen, people["editor"])
    client.logout()
    url = reverse("blog:home")
    assert lead_title(client.get(url).content.decode()) == "Chosen"
    chosen.status = Article.Status.UNPUBLISHED
    chosen.save()
    html = client.get(url).content.decode()
    assert lead_title(html) == "Newest" and "Chosen" not in html


def test_choosing_a_lead_refreshes_the_cached_home_page(client, people):
    """The stored home page is replaced as soon as an editor chooses or clears the lead."""
    chosen = factories.make_article(title="Chosen", published_at=ago(300))
    factories.make_article(title="Newest", published_at=ago(1))
    url = reverse("blog:home")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    feature(client, chosen, people["editor"])
    client.logout()
    assert lead_title(client.get(url).content.decode()) == "Chosen"
    client.force_login(people["editor"])
    client.post(CHANGELIST, {"action": "clear_lead", "_selected_action": [chosen.pk]})
    client.logout()
    assert lead_title(client.get(url).content.decode()) == "Newest"


def test_lead_image_is_large_sized_and_not_lazy(client, people):
    """The lead's image has width/height, no lazy loading and high fetch priority."""
    factories.make_article(
        title="Pictured", featured_image=factories.image_file(), featured_image_alt="A harbour"
    )
    html = client.get(reverse("blog:home")).content.decode()
    lead = html.split('class="lead-story', 1)[1].split("</article>", 1)[0]
    img = re.search(r"<img [^>]+>", lead)[0]
    assert 'loading="lazy"' not in img and 'fetchpriority="high"' in img
    assert re.search(r'width="\d+" height="\d+"', img)
    assert 'alt="A harbour"' in img


def test_older_pages_stay_flat(client, settings):
    """Older pages list articles by date, with no lead."""
    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    for number in range(5):
        factories.make_article(title=f"Article {number}", published_at=ago(number + 1))
    first = client.get(reverse("blog:home")).content.decode()
    older = re.search(r'href="\?before=([^"]+)"', first)[1]
    html = client.get(reverse("blog:home") + f"?before={older}").content.decode()
    assert lead_title(html) is None
    assert card_titles(html) == ["Article 2", "Article 3"]


@pytest.mark.parametrize("count", [2, 25])
def test_home_page_with_lead_and_most_discussed_costs_fixed_queries(
    client, django_assert_max_num_queries, people, count
):
    """The lead (1), the latest with tags (2), most discussed (1): no query per article."""
    articles = [factories.make_article(tags=["a", f"t{n}"]) for n in range(count)]
    Article.objects.filter(pk=articles[-1].pk).update(lead_since=timezone.now())
    with django_assert_max_num_queries(7):
        assert client.get(reverse("blog:home")).status_code == 200


def test_chosen_lead_costs_a_query_only_when_it_is_not_in_the_latest(
    client, people, no_page_cache, settings
):
    """Which article leads is remembered until the lists change; a lead among the latest
    articles is taken from their page, an older one costs one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.BROADSHEET = {**settings.BROADSHEET, "ARTICLES_PER_PAGE": 2}
    old, _, newest = [factories.make_article(published_at=ago(minutes)) for minutes in (30, 20, 1)]

    def queries() -> int:
        for _ in range(2):  # remembers which article leads (once its keys have generations)
            client.get(reverse("blog:home"))
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("blog:home")).content.decode()
        return len(captured), lead_title(html)

    unchosen, _ = queries()
    feature(client, newest, people["editor"])
    client.logout()
    assert queries() == (unchosen, newest.title)
    feature(client, old, people["editor"])
    client.logout()
    assert queries() == (unchosen + 1, old.title)
