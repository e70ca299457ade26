from django.core import mail

from subscriptions.models import Subscriber
from tests import factories
from tests.subscriptions.conftest import FOLLOW_URL, follow, form_token, links, publish


def test_form_on_home_and_article_pages_sets_no_cookie(client, committed):
    """Both pages offer "Get new articles by email" as a plain POST form with no CSRF cookie."""
    article = publish(committed, title="Harbour Dues", tags=["shipping"])
    for path in ("/", article.get_absolute_url()):
        response = client.get(path)
        body = response.content.decode()
        assert "Get new articles by email" in body
        assert f'<form method="post" action="{FOLLOW_URL}"' in body
        assert "csrfmiddlewaretoken" not in body.split('class="follow-box"')[1].split("</form>")[0]
        assert not response.cookies
    assert "shipping</label>" in client.get(article.get_absolute_url()).content.decode()


def test_blank_box_shows_the_forms_own_address_field(client, committed, settings):
    """The blank box's address field (kept once per process) is the markup Django renders for
    a blank form, on the home and article pages alike, ticked tags aside."""
    from subscriptions.forms import FollowForm

    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False, "FRAGMENTS": False}
    article = publish(committed, title="Harbour Dues", tags=["shipping"])
    field = FollowForm()["email"].as_field_group()
    for path in ("/", article.get_absolute_url()):
        box = client.get(path).content.decode().split('class="follow-box"')[1]
        assert f'<div class="field">{field}</div>' in box
        assert "<legend>Only articles tagged (optional)</legend>" in box or path == "/"
        assert 'for="follow-heading-website">Leave this field empty</label>' in box


def test_cached_pages_give_each_reader_a_fresh_token(client, db, clock):
    """The cached page carries no token; each reader fetches a fresh, private one."""
    page = client.get("/").content.decode()
    assert form_token(page) == ""
    first = form_token(page, client)
    clock.advance(2)
    answer = client.get("/follow/token/")
    assert "no-store" in answer["Cache-Control"] and not answer.cookies
    assert answer.json()["token"] != first


def test_asking_sends_a_confirmation_and_stores_nothing(client, clock, committed):
    """Double opt-in: the post only sends a signed link; no subscriber exists before it."""
    response = follow(client, clock, committed)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.cookies
    assert Subscriber.objects.count() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.com"]
    assert "/follow/confirm/" in mail.outbox[0].body


def test_confirmation_link_shows_a_button_and_the_post_confirms(client, clock, committed):
    """A GET of the link changes nothing (mail scanners); pressing the button subscribes."""
    article = publish(committed, tags=["energy", "water"])
    energy = article.tags.get(name="energy")
    follow(client, clock, committed, page=article.get_absolute_url(), tags=[energy.pk])
    (link,) = [url for url in links(mail.outbox[0].body) if "/follow/confirm/" in url]
    path = link.replace("http://127.0.0.1:8000", "")
    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, send me new articles" in page.content.decode()
    assert Subscriber.objects.count() == 0
    done = client.post(path)
    assert done.status_code == 200
    person = Subscriber.objects.get()
    assert person.email == "reader@example.com"
    assert person.status == Subscriber.Status.CONFIRMED
    assert [tag.name for tag in person.tags.all()] == ["energy"]


def test_forged_or_expired_confirmation_links_do_nothing(client, db):
    """A link that is not ours (or is tampered with) is a 404 and stores nothing."""
    from subscriptions.tokens import confirmation_token

    token = confirmation_token("reader@example.com", [])
    for bad in (token[:-2] + "xx", "nonsense", "a" * 500):
        assert client.post(f"/follow/confirm/{bad}/").status_code == 404
    assert Subscriber.objects.count() == 0


def test_honeypot_sends_nothing(client, clock, committed):
    """A filled honeypot hears "check your inbox" but no email goes out."""
    response = follow(client, clock, committed, website="https://spam.example")
    assert response.status_code == 200
    assert mail.outbox == []


def test_too_fast_or_missing_token_keeps_the_address(client, clock, committed):
    """A post within 2 s of serving (or without a token) is refused; the address is kept."""
    response = follow(client, clock, committed, wait=0, email="typed@example.com")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="typed@example.com"' in body
    assert "press the button again" in body
    assert mail.outbox == []
    with committed():
        response = client.post(FOLLOW_URL, {"email": "typed@example.com"})
    assert response.status_code == 400
    assert mail.outbox == []


def test_invalid_address_is_explained(client, clock, committed):
    """A malformed address (or a header-injection attempt) comes back with an error."""
    for email in ("not-an-address", "a@example.com\nBcc: victim@example.com", "x" * 300):
        response = follow(client, clock, committed, email=email)
        assert response.status_code == 400
        assert "Please check your email address" in response.content.decode() or (
            "at most" in response.content.decode()
        )
    assert mail.outbox == []


def test_cross_site_post_is_refused(client, clock, committed):
    """A post from another site's page (Origin) is a 403 and sends nothing."""
    response = follow(client, clock, committed, meta={"HTTP_ORIGIN": "https://evil.example"})
    assert response.status_code == 403
    assert mail.outbox == []


def test_one_confirmation_per_address_in_ten_minutes(client, clock, committed):
    """Asking twice for one address sends one email (nobody can mail-bomb an address)."""
    follow(client, clock, committed)
    follow(client, clock, committed)
    assert len(mail.outbox) == 1


def test_clients_are_rate_limited(client, clock, committed):
    """More than five sign-ups an hour from one client get a 429."""
    statuses = [
        follow(client, clock, committed, email=f"r{n}@example.com").status_code for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    assert len(mail.outbox) == 5


def test_unknown_tag_ids_are_rejected(client, clock, committed):
    """Tag ids that do not exist are an error, not a silent subscription to everything."""
    factories.make_article()
    response = follow(client, clock, committed, tags=["999999"])
    assert response.status_code == 400
    assert mail.outbox == []
