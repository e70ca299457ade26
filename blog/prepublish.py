"""Pre-publish checks: what an editor should know before an article goes public.

``run(article)`` runs blog's own checks and every check another app registered in
``blog.extensions.prepublish_checks``, and returns the findings, errors first. *Errors* block
publishing (an editor may override them with a reason, recorded in the article's history),
*warnings* and *info* only inform. The same list is shown as advice when an author submits
for review. Checks read the stored article (rendered HTML, sections, tags) and resolve links
to this site internally: no HTTP request is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.html import strip_tags

from . import extensions
from .models import Article

ERROR, WARNING, INFO = "error", "warning", "info"
_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.I)
IMG_SRC = re.compile(r'<img\s[^>]*?src="([^"]*)"', re.I)


@dataclass(frozen=True)
class Finding:
    level: str  # "error", "warning" or "info"
    message: str

    @property
    def blocks(self) -> bool:
        return self.level == ERROR


def run(article: Article) -> list[Finding]:
    sections = list(article.sections.select_related("kind").order_by("position", "id"))
    findings = [*_own_checks(article, sections)]
    for check in extensions.prepublish_checks:
        findings.extend(check(article, sections))
    return sorted(findings, key=lambda finding: _ORDER.get(finding.level, 3))


def blocking(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.blocks]


def _own_checks(article: Article, sections) -> list[Finding]:
    findings = []
    if article.featured_image and not article.featured_image_alt.strip():
        findings.append(Finding(ERROR, "The featured image has no alt text."))
    if not article.meta_description.strip():
        findings.append(
            Finding(WARNING, "No meta description: search engines will show the standfirst.")
        )
    seen: dict[str, int] = {}
    for number, section in enumerate(sections, start=1):
        if section.kind.label and not strip_tags(section.body_html).strip():
            findings.append(
                Finding(ERROR, f"Section {number} ({section.display_heading}) is empty.")
            )
        heading = section.display_heading.casefold().strip()
        if heading in seen:
            findings.append(
                Finding(
                    WARNING,
                    f"Section {number} repeats the heading of section {seen[heading]}: "
                    f"“{section.display_heading}”.",
                )
            )
        seen.setdefault(heading, number)
    html = article.intro_html + "".join(section.body_html for section in sections)
    findings += _broken_internal_links(article, HREF.findall(html))
    hosts = {urlsplit(src).netloc for src in IMG_SRC.findall(html)} - {"", *_own_hosts()}
    if hosts:
        findings.append(
            Finding(
                WARNING,
                "Images hot-linked from other sites (they may vanish or track readers): "
                + ", ".join(sorted(hosts)[:5]),
            )
        )
    return findings


def _own_hosts() -> set[str]:
    site = urlsplit(settings.BROADSHEET["SITE_URL"]).netloc
    return {site, *settings.ALLOWED_HOSTS}


def _broken_internal_links(article: Article, hrefs: list[str]) -> list[Finding]:
    """Links to this site whose page would answer 404, resolved without an HTTP request."""
    own = _own_hosts()
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        on_site = not parts.netloc or parts.netloc in own
        if parts.scheme in ("", "http", "https") and on_site and parts.path.startswith("/"):
            paths.append(parts.path)
    missing, article_slugs = [], {}
    for path in dict.fromkeys(paths):
        try:
            match = resolve(path)
        except Resolver404:
            missing.append(path)
            continue
        if match.view_name == "blog:article":
            article_slugs[match.kwargs["slug"]] = path
    if article_slugs:
        public = set(
            Article.objects.published()
            .filter(slug__in=list(article_slugs))
            .values_list("slug", flat=True)
        )
        public.add(article.slug)  # its own address answers once it is published
        missing += [path for slug, path in article_slugs.items() if slug not in public]
    if not missing:
        return []
    return [
        Finding(ERROR, "Links to pages on this site that answer 404: " + ", ".join(missing[:5]))
    ]
