"""Comments: every status, threading, pingbacks, no emails, hostile text inert."""

import pytest
from django.core import mail

from blog.models import Article
from comments.models import Comment
from tests.html_checks import dangers

from .support import SITE, run_import

pytestmark = pytest.mark.django_db


def _comment(name):
    return Comment.objects.get(name=name)


def test_each_approval_state_maps_to_a_status():
    """1 → approved, 0 → pending, spam → spam, trash → removed."""
    run_import(SITE)
    assert _comment("Ann Reader").status == Comment.Status.APPROVED
    assert _comment("Waiting Will").status == Comment.Status.PENDING
    assert _comment("Cheap Pills").status == Comment.Status.SPAM
    assert _comment("Binned Betty").status == Comment.Status.REMOVED


def test_pingbacks_are_not_comments():
    """Pingbacks and trackbacks are counted in the report, not imported."""
    out = run_import(SITE)
    assert not Comment.objects.filter(name="Other Blog").exists()
    assert "1 pingbacks/trackbacks skipped" in out


def test_threads_follow_comment_parent():
    """comment_parent threads replies, whatever the order in the file."""
    run_import(SITE)
    ann, bob, mallory = _comment("Ann Reader"), _comment("Bob Replier"), _comment("Mallory")
    assert ann.parent is None
    assert bob.parent == ann
    assert mallory.parent == bob


def test_fields_are_kept_and_cleaned():
    """Name, email (normalised), website (http only), date and body are kept."""
    run_import(SITE)
    ann = _comment("Ann Reader")
    assert ann.email == "ann@reader.example"
    assert ann.website == "https://ann.example/"
    assert ann.created_at.isoformat() == "2012-01-08T10:00:00+00:00"
    assert ann.body == "A sharp reading of the *trade*."
    assert "<em>trade</em>" in ann.body_html
    assert _comment("Bob Replier").website == ""


def test_old_ip_addresses_are_not_kept_past_the_retention_period():
    """Comments older than the retention period arrive without their IP address."""
    run_import(SITE)
    assert _comment("Ann Reader").ip_address is None


def test_approved_comments_are_shown_on_the_page_and_others_are_not(client):
    """The article page shows approved comments only."""
    run_import(SITE)
    page = client.get(Article.objects.get(slug="sanctions-relief").get_absolute_url())
    html = page.content.decode()
    assert "A sharp reading of the" in html and "Replying to Ann: agreed." in html
    assert "Held for moderation." not in html
    assert "Buy pills now" not in html and "Trashed words" not in html


def test_hostile_comments_are_inert_on_the_page(client):
    """<script>, javascript: and onerror in a comment never reach the page live."""
    run_import(SITE)
    mallory = _comment("Mallory")
    assert dangers(mallory.body_html) == []
    html = client.get(mallory.article.get_absolute_url()).content.decode()
    for marker in ("comment-xss", "comment-js", "comment-img"):
        assert marker not in html
    assert "Mallory" in html and "<b>Mallory" not in html


def test_importing_comments_sends_no_email():
    """Imported comments notify nobody."""
    run_import(SITE)
    assert mail.outbox == []
