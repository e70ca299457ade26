"""The article form's two helpers on the server: a section's preview and tag suggestions.

Both are admin URLs of the article admin (``ArticleAdmin.get_urls``), so
``admin_site.admin_view`` requires a staff login, never caches them and — for the preview's
POST — checks the CSRF token. Each then checks the person's right to write articles, and
the preview the right to open the article it belongs to (``blog.roles``).

* ``section-preview/`` (POST ``kind``, ``heading``, ``body``, optional ``article``) renders
  one section with the site's one renderer and its ``blocks/<kind>.html`` template, exactly
  as the article page would show it, and answers ``{"html", "words", "minutes",
  "problems"}``. Used by ``static/js/admin-section-preview.js``.
* ``tag-suggestions/?q=`` answers ``{"results": [{"name", "slug"}]}``: at most
  ``MAX_SUGGESTIONS`` existing tags whose slug starts with the typed text's slug (shortest
  first) — a prefix query on the slug's unique index (on PostgreSQL its
  ``varchar_pattern_ops`` twin serves ``LIKE 'x%'``) that stops after ``MAX_SUGGESTIONS``
  rows, so it costs the same with ten tags or a hundred thousand. Used by
  ``static/js/admin-tag-suggestions.js``.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string

from . import roles
from .models import BODY_MAX_LENGTH, Article, Section, SectionKind, reading_minutes
from .presentation import rendered_section
from .tagging import MAX_TAG_LENGTH, Tag, tag_slug_stem

MAX_SUGGESTIONS = 10
PREVIEW_ANCHOR = "section-preview"


def may_write_articles(user) -> bool:
    return bool(
        user.is_active
        and user.is_staff
        and (user.has_perm("blog.add_article") or user.has_perm("blog.change_article"))
    )


def _refused() -> JsonResponse:
    return JsonResponse({"error": "You may not write articles."}, status=403)


def _bad_request(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def section_preview(request) -> JsonResponse:
    """One section's HTML as readers would get it, for the text the author has now."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_write_articles(request.user):
        return _refused()
    body = request.POST.get("body", "")
    heading = request.POST.get("heading", "")
    if len(body) > BODY_MAX_LENGTH:
        return _bad_request(
            f"The text is longer than {BODY_MAX_LENGTH:,} characters: shorten it to preview.",
            status=413,
        )
    kind_id = request.POST.get("kind", "")
    kind = SectionKind.objects.filter(pk=kind_id).first() if kind_id.isdigit() else None
    if kind is None:
        return _bad_request("Choose the section's kind to preview it.")
    article = _article(request)
    section = Section(
        article=article,
        kind=kind,
        heading=heading[: Section._meta.get_field("heading").max_length],
        body=body,
    )
    section.render_body()
    problems = section.markup_problems()
    html = render_to_string(
        section.template_names,
        {"section": rendered_section(section, section.display_heading, PREVIEW_ANCHOR)},
        request=request,
    )
    return JsonResponse(
        {
            "html": html,
            "words": section.word_count,
            "minutes": reading_minutes(section.word_count),
            "problems": problems,
        }
    )


def _article(request) -> Article:
    """The article the section belongs to (its slug and id feed link resolvers), or a new
    one; someone else's article is a 404, as in the change form."""
    article_id = request.POST.get("article", "")
    if not article_id:
        return Article(slug=request.POST.get("slug", "")[:200])
    if not article_id.isdigit():
        raise Http404("No such article.")
    article = roles.articles_for(request.user, Article.objects.only("id", "slug", "author_id"))
    found = article.filter(pk=article_id).first()
    if found is None:
        raise Http404("No such article.")
    return found


def tag_suggestions(request) -> JsonResponse:
    """Existing tags starting with what is typed, by name."""
    if not may_write_articles(request.user):
        return _refused()
    typed = request.GET.get("q", "")[:MAX_TAG_LENGTH].replace("\x00", "")
    stem = tag_slug_stem(typed)
    if not stem:
        return JsonResponse({"results": []})
    # No ORDER BY: the database reads the first matches off the index and stops; sorting
    # every match by name would cost as much as there are matches.
    found = Tag.objects.filter(slug__startswith=stem).order_by().values("name", "slug")
    results = sorted(
        found[:MAX_SUGGESTIONS], key=lambda tag: (len(tag["slug"]), tag["name"].casefold())
    )
    return JsonResponse({"results": results})
