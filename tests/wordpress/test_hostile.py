"""Hostile and broken files: refused with a message, nothing written."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from affiliates.models import AffiliateLink
from blog.models import Article
from wordpress.models import ImportedItem

from .support import post_item, run_import, write_wxr

pytestmark = pytest.mark.django_db

BOMB = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)
EXTERNAL = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
DTD_ONLY = '<!DOCTYPE rss SYSTEM "http://attacker.example/evil.dtd">\n'


def _assert_nothing_written():
    assert not Article.objects.exists()
    assert not ImportedItem.objects.exists()
    assert not AffiliateLink.objects.exists()
    assert not get_user_model().objects.filter(is_superuser=False).exists()


@pytest.mark.parametrize(
    ("prolog", "content"),
    [(BOMB, "&lol3;"), (EXTERNAL, "&xxe;"), (DTD_ONLY, "text")],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_dtds_and_entities_are_refused(tmp_path, prolog, content):
    """An XML bomb, an external entity or any DTD stops the run; nothing is written."""
    path = write_wxr(tmp_path, f"<item><title>{content}</title></item>" + post_item(1),
                     prolog=prolog)  # fmt: skip
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(path)
    _assert_nothing_written()


def test_malformed_xml_half_way_rolls_everything_back(tmp_path):
    """A file broken after some good posts leaves the database as it was."""
    path = write_wxr(tmp_path, post_item(1) + post_item(2) + "<item><title>broken</item>")
    with pytest.raises(CommandError, match="cannot be read"):
        run_import(path)
    _assert_nothing_written()


@pytest.mark.parametrize(
    "text",
    ["<html><body>not a feed</body></html>", '<rss version="2.0"><channel></channel></rss>', ""],
    ids=["html", "plain-rss", "empty"],
)
def test_files_that_are_not_wordpress_exports_are_refused(tmp_path, text):
    """HTML, a plain RSS feed or an empty file is refused with a message."""
    path = tmp_path / "x.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(path)
    _assert_nothing_written()


def test_a_missing_file_is_an_error(tmp_path):
    """A path that does not exist is an error, not a traceback."""
    with pytest.raises(CommandError, match="No such file"):
        run_import(tmp_path / "nope.xml")


def test_unsupported_wxr_version_is_refused(tmp_path):
    """Only WXR 1.0–1.2 are read."""
    path = write_wxr(tmp_path, post_item(1))
    path.write_text(path.read_text().replace("<wp:wxr_version>1.2", "<wp:wxr_version>2.5"))
    with pytest.raises(CommandError, match="not supported"):
        run_import(path)
    _assert_nothing_written()
