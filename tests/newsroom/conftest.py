import pytest

from blog.models import Article
from tests import factories
from tests.newsroom.support import member


@pytest.fixture
def desk(db):
    """A newsroom: an owner, an editor, two authors, and each author's articles."""
    factories.kinds()
    owner = factories.make_user(username="owner", is_staff=True, is_superuser=True)
    editor = member("Editors", username="ed", first_name="Edna", last_name="Ward")
    alice = member("Authors", username="alice", first_name="Alice", last_name="Moss")
    bob = member("Authors", username="bob", first_name="Bob", last_name="Keane")
    sections = factories.standard_sections()
    return {
        "owner": owner,
        "editor": editor,
        "alice": alice,
        "bob": bob,
        "alice_draft": factories.make_article(
            author=alice, status=Article.Status.DRAFT, title="Alice draft", sections=sections
        ),
        "alice_live": factories.make_article(
            author=alice, title="Alice live", sections=sections, tags=["harbour"]
        ),
        "bob_draft": factories.make_article(
            author=bob, status=Article.Status.DRAFT, title="Bob draft", sections=sections
        ),
        "bob_live": factories.make_article(author=bob, title="Bob live", sections=sections),
    }
