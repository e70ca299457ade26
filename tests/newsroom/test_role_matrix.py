"""The role × action matrix, every cell through the admin's HTTP surface (README: Roles)."""

import pytest
from django.urls import reverse

from blog.models import Article
from newsroom.models import ProposedChange
from tests.newsroom.support import CHANGELIST, change_form_data, change_url, history_url

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED = True, False


def state(article):
    article = Article.objects.get(pk=article.pk)
    return (
        article.title,
        article.status,
        article.author_id,
        article.slug,
        article.published_at,
        [(s.heading, s.body) for s in article.sections.all()],
    )


# (who, whose article) → may open its change page
OPEN = [
    ("alice", "alice_draft", ALLOWED),
    ("alice", "alice_live", ALLOWED),
    ("alice", "bob_draft", REFUSED),
    ("alice", "bob_live", REFUSED),
    ("editor", "bob_draft", ALLOWED),
    ("editor", "alice_live", ALLOWED),
    ("owner", "bob_live", ALLOWED),
]


@pytest.mark.parametrize(("who", "which", "allowed"), OPEN)
@pytest.mark.parametrize("page", ["change", "history", "preview", "delete"])
def test_opening_an_article(client, desk, who, which, allowed, page):
    """Authors open their own articles only (404 otherwise); editors and the owner every one."""
    article = desk[which]
    client.force_login(desk[who])
    url = {
        "change": change_url(article),
        "history": history_url(article),
        "preview": reverse("blog:preview", args=[article.pk]),
        "delete": reverse("admin:blog_article_delete", args=[article.pk]),
    }[page]
    status = client.get(url).status_code
    if not allowed:
        assert status in (403, 404)
    elif page == "delete" and who == "alice":
        assert status == 403  # authors delete nothing
    else:
        assert status == 200


@pytest.mark.parametrize("which", ["bob_draft", "bob_live"])
def test_forged_post_to_another_authors_article_changes_nothing(client, desk, which):
    """POSTing Bob's change form (or delete, or restore) as Alice: 403/404 and no change."""
    article = desk[which]
    before = state(article)
    client.force_login(desk["alice"])
    data = change_form_data(
        article,
        title="Hijacked",
        status="published",
        author=desk["alice"].pk,
        sections={0: ("Mine", "Now mine.")},
    )
    assert client.post(change_url(article), data).status_code in (403, 404)
    delete = reverse("admin:blog_article_delete", args=[article.pk])
    assert client.post(delete, {"post": "yes"}).status_code in (403, 404)
    proposal = reverse("admin:blog_article_proposal", args=[article.pk])
    assert client.post(proposal, {"_approve": "1"}).status_code in (403, 404)
    assert state(article) == before
    assert not ProposedChange.objects.exists()


@pytest.mark.parametrize(
    ("who", "action", "which", "goes_public"),
    [
        ("alice", "publish_now", "alice_draft", REFUSED),
        ("alice", "publish_now", "bob_draft", REFUSED),
        ("alice", "unpublish", "alice_live", REFUSED),
        ("alice", "unpublish", "bob_live", REFUSED),
        ("alice", "delete_selected", "alice_draft", REFUSED),
        ("editor", "publish_now", "bob_draft", ALLOWED),
        ("owner", "publish_now", "alice_draft", ALLOWED),
    ],
)
def test_changelist_actions(client, desk, who, action, which, goes_public):
    """Bulk actions: only editors publish; a forged action or another's id changes nothing."""
    article = desk[which]
    before = state(article)
    client.force_login(desk[who])
    client.post(CHANGELIST, {"action": action, "_selected_action": [article.pk], "post": "yes"})
    if goes_public:
        assert Article.objects.get(pk=article.pk).is_public
    else:
        assert state(article) == before


def test_editor_unpublishes(client, desk):
    """The editor's "unpublish" action takes an article off the site (status unpublished)."""
    client.force_login(desk["editor"])
    live = desk["bob_live"]
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.status == Article.Status.UNPUBLISHED
    assert client.get(live.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("field", "forged"),
    [
        ("status", "published"),
        ("status", "review"),
        ("author", "bob"),
        ("published_at_0", "2020-01-01"),
    ],
)
def test_author_cannot_set_status_author_or_date_on_own_draft(client, desk, field, forged):
    """Forged status, author or date in an author's own draft form are ignored."""
    draft = desk["alice_draft"]
    client.force_login(desk["alice"])
    value = desk["bob"].pk if forged == "bob" else forged
    data = change_form_data(draft, title="Retitled", **{field: value})
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Retitled"
    assert (draft.status, draft.author, draft.published_at) == (
        Article.Status.DRAFT,
        desk["alice"],
        None,
    )


@pytest.mark.parametrize("button", ["_publish", "_unpublish", "_return"])
def test_author_cannot_use_editor_buttons(client, desk, button):
    """A forged editor button on an author's own draft is refused; nothing is saved."""
    draft = desk["alice_draft"]
    before = state(draft)
    client.force_login(desk["alice"])
    data = change_form_data(draft, title="Retitled", workflow_note="x", **{button: "1"})
    response = client.post(change_url(draft), data)
    assert response.status_code in (200, 403)
    assert state(draft) == before


def test_author_adds_an_article_as_themselves_in_draft(client, desk):
    """A new article's author is whoever adds it, whatever the form says; it starts a draft."""
    client.force_login(desk["alice"])
    data = change_form_data(
        desk["alice_draft"], title="Fresh", slug="fresh", status="published", author=desk["bob"].pk
    )
    data = {k: v for k, v in data.items() if not k.startswith("sections-")}
    data.update({"sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:blog_article_add"), data)
    assert response.status_code == 302
    fresh = Article.objects.get(slug="fresh")
    assert (fresh.author, fresh.status) == (desk["alice"], Article.Status.DRAFT)


def test_authors_never_see_the_list_of_accounts(client, desk):
    """No author select, no author filter, no usernames of others in the author's pages."""
    client.force_login(desk["alice"])
    for url in (reverse("admin:blog_article_add"), change_url(desk["alice_draft"]), CHANGELIST):
        html = client.get(url).content.decode()
        assert 'name="author"' not in html
        assert "owner" not in html and "Bob Keane" not in html and ">ed<" not in html
    changelist = client.get(CHANGELIST).content.decode()
    assert "Alice draft" in changelist and "Bob draft" not in changelist


def test_editors_pick_authors_by_display_name(client, desk):
    """The editor's author select and filter show names, not usernames."""
    client.force_login(desk["editor"])
    html = client.get(change_url(desk["bob_live"])).content.decode()
    assert ">Bob Keane</option>" in html and ">bob</option>" not in html
    assert "Alice Moss" in client.get(CHANGELIST).content.decode()


def test_author_cannot_change_slug_of_published_article(client, desk):
    """The slug of a published article is read-only for its author (and forged ones ignored)."""
    live = desk["alice_live"]
    client.force_login(desk["alice"])
    assert 'name="slug"' not in client.get(change_url(live)).content.decode()
    client.post(change_url(live), change_form_data(live, slug="moved"))
    assert Article.objects.get(pk=live.pk).slug == live.slug


@pytest.mark.parametrize("who", ["alice", "editor"])
def test_no_autocomplete_lists_accounts(client, desk, who):
    """The admin's autocomplete endpoint never lists accounts to authors or editors."""
    client.force_login(desk[who])
    params = {"app_label": "blog", "model_name": "article", "field_name": "author", "term": ""}
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 403
    assert "owner" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "which", "allowed"),
    [
        ("alice", "alice_draft", ALLOWED),
        ("alice", "bob_draft", REFUSED),
        ("editor", "bob_draft", ALLOWED),
    ],
)
def test_share_links_matrix(client, desk, who, which, allowed):
    """Share links: the article's author or an editor; anyone else gets 404, no link."""
    from newsroom.models import ShareLink

    client.force_login(desk[who])
    response = client.post(reverse("admin:blog_article_share", args=[desk[which].pk]))
    assert response.status_code == (302 if allowed else 404)
    assert ShareLink.objects.exists() == allowed
