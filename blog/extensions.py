"""Extension points for the apps built on ``blog``, so that ``blog`` imports none of them.

Apps register in their ``AppConfig.ready()``:

* ``listing_annotations[name] = factory`` — ``factory()`` returns a query expression that
  ``Article.objects.for_listing()`` and ``for_reading()`` annotate as ``name`` (e.g. a comment
  count), so lists show it without a query per article.
* ``article_page_extenders.append(extend)`` — ``extend(page, request)`` may add safe HTML to
  ``page.before_body`` / ``page.after_body``, to a section's ``before`` / ``after`` lists
  (outside the section), its ``footer`` list (inside it, after its body) or its
  ``toc_extra`` list (after its entry in the table of contents), or values to
  ``page.extra``; it may also replace a section's ``html`` with a ``SafeString``
  derived from it (e.g. a placeholder paragraph swapped for a widget). Only ``SafeString``
  values render unescaped.
* ``feed_item_extenders.append(extend)`` — ``extend(article, sections)`` returns a pair of safe
  HTML strings shown before and after the article's content in feeds.

* ``role_permissions["Editors" | "Authors"]`` — sets of ``"app_label.codename"`` that the
  newsroom's groups get after every ``migrate`` (added, never removed: owners may widen them).
* ``promo_products["find"]`` and ``promo_products["attach"]`` — for the importer: ``find(names)``
  returns ``{casefolded name: product id}`` for promo lines ("Name – pitch") it recognises, and
  ``attach(article, ids)`` gives the new article those products' boxes.
* ``demo_loaders.append(load)`` — ``load(stdout=…)`` runs at the end of ``manage.py load_demo``,
  after the demo articles exist, and must be idempotent like it.
* ``article_admin_inlines.append(inline)`` — an ``InlineModelAdmin`` class for ``Article`` that
  the article admin shows after its own inlines. Its formset must read a post without its
  management form (a client built for blog's own form) as "no change". A tabular one extends
  ``blog.admin_inlines.LabelledTabularInline`` (Django's labels no input in its rows).
* ``home_page_extenders.append(extend)`` — ``extend(request)`` returns safe HTML shown on the
  home page after the list of articles (e.g. a "follow by email" box). The home page is cached
  for every reader: the HTML must be the same for all of them (a per-reader token is fetched
  by the form itself: ``data-token-url``, static/js/form-token.js).
* ``revision_follow.append(name)`` — the name of a relation on ``Article`` (a reverse
  foreign key) whose rows are part of what readers see, e.g. product boxes: the newsroom's
  revisions store, compare and restore them with the article's fields, sections and tags.
* ``prepublish_checks.append(check)`` — ``check(article, sections)`` returns a list of
  ``blog.prepublish.Finding`` (level "error", "warning" or "info", and a message) shown before
  an article is published; errors block unless an editor overrides them with a reason.

* ``editor_tools.append(EditorTool(...))`` — a button on every section body in the article
  form ("Insert picture", "Insert affiliate link") that opens a picker: the person types, the
  tool's search endpoint (``url_name``, a staff-only admin URL answering
  ``?q=`` with JSON, see ``EditorTool``) lists matches, and a click inserts the Markdown the
  endpoint gave for it at the cursor (``static/js/admin-editor-tools.js``). Shown only to
  people holding ``permission``; ``syntax_help`` is added to the body's help text. A tool may
  also let people add a new item from the picker (``upload_url_name``), e.g. a picture.

The Markdown link-scheme hook lives with the renderer: ``blog.markup.register_link_scheme``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EditorTool:
    """A picker on the section editor, offered by an app built on blog.

    The endpoint at ``reverse(url_name)`` answers ``GET ?q=<text>`` (at most 100 characters)
    with ``{"results": [{"label", "detail", "thumbnail", "choices": [{"label", "markdown",
    "block"}]}]}``: ``markdown`` is inserted as is; ``block`` ones go on lines of their own.
    In ``markdown``, ``{text}`` stands for the selected text (or the result's label when
    nothing is selected), e.g. ``[{text}](aff:acme-kettle)``. The endpoint checks the
    permission itself and answers a bounded number of results.
    """

    name: str  # short and unique: "picture", "affiliate-link"
    label: str  # the button: "Insert picture"
    url_name: str  # the search endpoint, e.g. "admin:media_library_image_picker"
    permission: str  # "app_label.codename" needed to see the button and use the endpoint
    syntax_help: str  # one sentence on the Markdown the tool inserts
    # Optional: an endpoint that adds a new item from the picker (e.g. uploads a picture),
    # for people holding ``upload_permission``. GET describes its fields
    # (``blog.editor_tools.describe_form``); a multipart POST answers 201 with
    # ``{"result": …}`` (shaped like a search result) or 400 with ``{"errors": {field: […]}}``.
    upload_url_name: str = ""
    upload_label: str = ""
    upload_permission: str = ""


listing_annotations: dict[str, Callable[[], Any]] = {}
section_annotations: dict[str, Callable[[], Any]] = {}
article_page_extenders: list[Callable[[Any, Any], None]] = []
feed_item_extenders: list[Callable[[Any, list], tuple[str, str]]] = []
role_permissions: dict[str, set[str]] = {"Editors": set(), "Authors": set()}
demo_loaders: list[Callable[..., None]] = []
article_admin_inlines: list = []
promo_products: dict[str, Callable[..., Any]] = {}
revision_follow: list[str] = []
home_page_extenders: list[Callable[[Any], str]] = []
prepublish_checks: list[Callable[[Any, list], list]] = []
editor_tools: list[EditorTool] = []


def annotations() -> dict[str, Any]:
    return {name: factory() for name, factory in listing_annotations.items()}


def section_annotation_values() -> dict[str, Any]:
    return {name: factory() for name, factory in section_annotations.items()}
