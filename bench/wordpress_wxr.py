"""Write a large synthetic WordPress export (WXR 1.2) for the import benchmark.

    .venv/bin/python bench/wordpress_wxr.py OUT.xml [--posts 10000] [--comments 100000]

Posts mix classic HTML and Gutenberg blocks, with h2 sections (some named after section
kinds), categories and tags, and comments of every status in threads (one in ten is a reply),
plus pingbacks. Written as a stream: the generator's memory does not grow with the file.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example</wp:base_blog_url>
"""
WORDS = [
    "policy",
    "sanctions",
    "border",
    "trade",
    "minister",
    "parliament",
    "election",
    "market",
    "energy",
    "grain",
    "treaty",
    "summit",
    "coalition",
    "reform",
    "budget",
    "court",
    "press",
    "union",
    "army",
    "ports",
]
HEADINGS = ("Deep Dive: The Numbers", "Strategic Implications", "What Happened", "Conclusion")
STATUSES = ("1",) * 7 + ("0", "spam", "trash")


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def body(rng: random.Random, blocks: bool) -> str:
    parts = []
    for index in range(rng.randint(2, 4)):
        paragraphs = [sentence(rng, rng.randint(10, 30)) for _ in range(rng.randint(2, 4))]
        if index and blocks:
            parts.append(
                f"<!-- wp:heading -->\n<h2>{HEADINGS[index - 1]}</h2>\n<!-- /wp:heading -->"
            )
        elif index:
            parts.append(f"<h2>{HEADINGS[index - 1]}</h2>")
        for text in paragraphs:
            parts.append(
                f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
                if blocks
                else f"{text} <em>{rng.choice(WORDS)}</em>"
            )
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(13)
    start = datetime(2010, 1, 1, tzinfo=UTC)
    comment_id = 0
    per_post, extra = divmod(args.comments, args.posts)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for login in ("alice", "bob", "carol"):
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_display_name>{login.title()} Writer</wp:author_display_name>"
                "</wp:author>\n"
            )
        for number in range(1, args.posts + 1):
            date = start + timedelta(hours=number * 7)
            slug = f"post-{number}-{rng.choice(WORDS)}"
            out.write(
                f"<item><title>{escape(sentence(rng, 6)[:-1])}</title>"
                f"<link>https://bench.example/{date:%Y/%m/%d}/{slug}/</link>"
                f"<dc:creator>{rng.choice(('alice', 'bob', 'carol'))}</dc:creator>"
                f"<content:encoded>{cdata(body(rng, number % 2 == 0))}</content:encoded>"
                f"<excerpt:encoded>{cdata(sentence(rng))}</excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date_gmt>{date:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>"
                "<wp:comment_status>open</wp:comment_status>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
                f'<category domain="category" nicename="c{number % 40}">'
                f"Topic {number % 40}</category>"
                f'<category domain="post_tag" nicename="t{number % 300}">'
                f"Tag {number % 300}</category>\n"
            )
            first = comment_id + 1
            for _ in range(per_post + (1 if number <= extra else 0)):
                comment_id += 1
                parent = (
                    rng.randint(first, comment_id - 1)
                    if comment_id > first and rng.random() < 0.1
                    else 0
                )
                kind = "pingback" if rng.random() < 0.02 else "comment"
                when = date + timedelta(minutes=comment_id % 5000)
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id % 977}</wp:comment_author>"
                    f"<wp:comment_author_email>r{comment_id % 977}@example.org"
                    "</wp:comment_author_email>"
                    "<wp:comment_author_url>https://reader.example/</wp:comment_author_url>"
                    f"<wp:comment_author_IP>203.0.113.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(sentence(rng, 20) + ' <em>Indeed</em>.')}"
                    "</wp:comment_content>"
                    f"<wp:comment_approved>{rng.choice(STATUSES)}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")


if __name__ == "__main__":
    main()
