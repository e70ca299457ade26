"""The section editor's "Insert affiliate link" picker (``blog.extensions.editor_tools``).

It searches active links by name, merchant or slug and offers, for each, an inline link
(``[selected text](aff:slug)``) and a product box (``[Name](aff:slug#box)`` on a line of
its own). Inactive links are not offered: readers of a new text would get the "no longer
available" page.
"""

from __future__ import annotations

from django.db.models import Q

from blog import editor_tools
from blog.extensions import EditorTool

from .linking import BOX_FRAGMENT, SCHEME
from .models import AffiliateLink

EDITOR_TOOL = EditorTool(
    name="affiliate-link",
    label="Insert affiliate link",
    url_name="admin:affiliates_affiliatelink_picker",
    permission="affiliates.view_affiliatelink",
    syntax_help=(
        f"Affiliate links: [the kettle]({SCHEME}:acme-kettle) links through /go/acme-kettle/; "
        f"[Acme Kettle]({SCHEME}:acme-kettle#{BOX_FRAGMENT}) on a line of its own places its "
        "product box."
    ),
)


def find_links(text: str):
    """Active links matching ``text`` (name, merchant or slug), by name, at most a page."""
    links = AffiliateLink.objects.active().only("id", "name", "slug", "merchant")
    if text:
        links = links.filter(
            Q(name__icontains=text) | Q(merchant__icontains=text) | Q(slug__icontains=text)
        )
    return links.order_by("name", "id")[: editor_tools.MAX_RESULTS]


def picker_results(text: str) -> list[dict]:
    return [
        editor_tools.result(
            label=link.name,
            detail=" · ".join(part for part in (link.merchant, f"aff:{link.slug}") if part),
            choices=[
                editor_tools.choice("Link", f"[{{text}}]({SCHEME}:{link.slug})", block=False),
                editor_tools.choice(
                    "Product box",
                    f"[{editor_tools.link_text(link.name)}]({SCHEME}:{link.slug}#{BOX_FRAGMENT})",
                    block=True,
                ),
            ],
        )
        for link in find_links(text)
    ]
