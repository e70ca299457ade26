"""Running the import command in tests, and the small fixture files it reads."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "site.xml"
LEGACY = FIXTURES / "legacy.xml"


def run_import(path, *args: str) -> str:
    """``manage.py import_wordpress PATH ARGS…``; returns what it printed."""
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out)
    return out.getvalue()


def write_wxr(tmp_path, body: str, *, name: str = "export.xml", prolog: str = "") -> Path:
    """A WXR 1.2 file around ``body`` (items), with an optional DTD or other prolog."""
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{prolog}"
        '<rss version="2.0" xmlns:wp="https://wordpress.org/export/1.2/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "<channel><title>T</title><link>https://t.example</link>"
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<wp:base_blog_url>https://t.example</wp:base_blog_url>\n"
        f"{body}\n</channel></rss>\n",
        encoding="utf-8",
    )
    return path


def post_item(post_id: int, *, title: str = "A Post", content: str = "<p>Text.</p>",
              slug: str = "", status: str = "publish", extra: str = "") -> str:  # fmt: skip
    slug = slug or f"post-{post_id}"
    return (
        f"<item><title>{title}</title><link>https://t.example/{slug}/</link>"
        f"<dc:creator>nobody</dc:creator>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id>"
        "<wp:post_date_gmt>2015-06-01 10:00:00</wp:post_date_gmt>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>"
        f"<wp:post_type>post</wp:post_type>{extra}</item>"
    )
