import pytest
from django.urls import reverse

URL = reverse("search:search")


@pytest.mark.parametrize("count", [3, 25])
def test_results_page_query_budget(client, publish, django_assert_max_num_queries, count):
    """Results cost the same at 3 or 25 matches: one search query, one for the page's
    articles with their counts, one for their tags (no query per result)."""
    for number in range(count):
        publish(title=f"Budget Lantern {number}", tags=["a", f"t{number}"])
    with django_assert_max_num_queries(3):
        response = client.get(URL, {"q": "lantern"})
    assert len(response.context["search"].results) == min(count, 10)


@pytest.mark.parametrize("count", [3, 25])
def test_filtered_and_empty_pages_query_budget(
    client, publish, author, django_assert_max_num_queries, count
):
    """Filters add one lookup each; a page with no results adds tags and latest articles."""
    for number in range(count):
        publish(title=f"Budget Lantern {number}", tags=["energy"], author=author)
    with django_assert_max_num_queries(5):
        client.get(URL, {"q": "lantern", "tag": "energy", "author": author.username})
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"q": "xylophone"})
    assert response.context["search"].recent_articles
