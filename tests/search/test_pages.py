from django.urls import reverse

from tests import factories

URL = reverse("search:search")


def test_every_page_has_an_accessible_search_box(client, db):
    """The header holds a GET search form with a label, on the home and article pages."""
    article = factories.make_article()
    for path in ("/", article.get_absolute_url(), "/archive/"):
        body = client.get(path).content.decode()
        assert f'role="search" method="get" action="{URL}"' in body
        assert '<label class="visually-hidden" for="site-search">Search articles</label>' in body
        assert 'name="q"' in body


def test_search_box_sets_no_cookie(client, db):
    """The search form and result page set no cookie (no CSRF token: it is a GET form)."""
    assert not client.get("/").cookies
    assert not client.get(URL, {"q": "anything"}).cookies


def test_opensearch_description(client, db):
    """/opensearch.xml describes the search URL; every page's <head> links to it."""
    response = client.get(reverse("search:opensearch"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    body = response.content.decode()
    assert 'template="http://testserver/search/?q={searchTerms}"' in body
    head = client.get("/").content.decode().split("</head>")[0]
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" title="Broadsheet" '
        'href="/opensearch.xml">'
    ) in head
