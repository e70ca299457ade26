import pytest
from django.urls import reverse

from search.query import terms
from tests.search.conftest import titles

URL = reverse("search:search")

HOSTILE_QUERIES = [
    ("fts-quote", '"'),
    ("fts-unbalanced", '"turbine'),
    ("fts-near", "NEAR(turbine grain, 2)"),
    ("fts-star", "turb*"),
    ("fts-column", "title: turbine"),
    ("fts-column-braces", "{title body} : turbine"),
    ("fts-operators", "turbine AND OR NOT"),
    ("fts-caret", "^turbine"),
    ("fts-parens", "((turbine"),
    ("fts-plus-minus", "+turbine -grain"),
    ("ts-operators", "turbine & !grain | (x <-> y):*"),
    ("sql-quote", "turbine'; DROP TABLE blog_article; --"),
    ("percent", "100% turbine %s %(x)s"),
    ("nul", "turbine\x00"),
    ("controls", "\x02turbine\x03"),
    ("only-punctuation", "!!!***"),
    ("unicode", "Türbine 涡轮 توربين 🚀"),
    ("combining", "turbine\u0301"),
    ("rtl-override", "\u202eenibrut"),
    ("very-long", "turbine " * 5000),
    ("one-long-word", "x" * 10000),
    ("html", "<script>alert(1)</script>"),
    ("stopwords-only", "the and of"),
]


@pytest.mark.parametrize(
    "query", [q for _, q in HOSTILE_QUERIES], ids=[i for i, _ in HOSTILE_QUERIES]
)
def test_hostile_queries_never_fail(client, publish, query):
    """Query syntax, quotes, NUL, Unicode and huge input are plain words: never a 500."""
    publish(title="Turbine Orders", intro="Grain too.")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_query_syntax_is_treated_as_words(client, publish):
    """FTS5 operators in the query are searched as words, not obeyed."""
    publish(title="Turbine Orders", intro="Grain too.")
    assert titles(client.get(URL, {"q": "turbine OR xylophone"})) == []
    assert titles(client.get(URL, {"q": 'NEAR("turbine" "grain")'})) == []
    assert titles(client.get(URL, {"q": "title: turbine"})) == []
    assert titles(client.get(URL, {"q": '"turbine'})) == ["Turbine Orders"]


def test_terms_are_bounded():
    """At most 12 words of at most 60 characters reach the database."""
    words = terms(" ".join(f"word{n}" for n in range(100)) + " " + "y" * 500)
    assert len(words) == 12
    assert all(len(word) <= 60 for word in words)


def test_reflected_query_is_escaped(client, db):
    """The query shown back in the page and the input is escaped HTML."""
    response = client.get(URL, {"q": '"><img src=x onerror=alert(1)>'})
    body = response.content.decode()
    assert "<img src=x" not in body
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in body


def test_hostile_filters_are_ignored(client, publish):
    """Tag and author filters accept only slugs and usernames; anything else is dropped."""
    publish(title="Turbine Orders", tags=["energy"])
    for params in ({"tag": "' OR 1=1 --"}, {"author": "x' OR '1'='1"}, {"page": "9" * 40}):
        response = client.get(URL, {"q": "turbine", **params})
        assert response.status_code in (200, 404)
