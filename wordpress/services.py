"""Import a WordPress export: the one service the command and the admin page both call.

``import_wxr(path, …)`` reads the file twice, streaming (``wxr.read_wxr``): first the site,
authors, categories and tags, attachments and affiliate links (what posts refer to), then the
posts and pages with their comments. Everything happens in one transaction: a file that fails
half-way leaves the database as it was, and ``dry_run`` rolls the same work back, so its report
is the real one. Every object created is recorded in ``ImportedItem`` under (site, kind,
WordPress ID), so a second run creates nothing twice (new comments on an imported post are
still added). Comments are created through the model, never ``comments.services``: imported
comments are not submissions, and nobody is emailed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, UnidentifiedImageError

from affiliates.models import AffiliateLink
from blog.import_plan import KindIndex
from blog.models import Article, Section, SectionKind
from comments.models import Comment, ModerationSettings, normalise_email
from pages.models import Page, Redirect, short_link_path

from . import content
from .models import ImportedItem
from .report import Report
from .wxr import Author, Item, Site, Term, WXRError, read_wxr

__all__ = ["WXRError", "import_wxr"]

User = get_user_model()
Kind = ImportedItem.Kind
STATUS_FOR_APPROVED = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
PING_TYPES = {"pingback", "trackback"}
SKIPPED_STATUSES = {
    "trash": "in the trash",
    "auto-draft": "an unsaved auto-draft",
    "inherit": "a revision",
}
MAX_IMAGE_BYTES = 20 * 1024 * 1024
_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


class _Rollback(Exception):
    """Raised at the end of a dry run to undo everything it did."""


def site_key(url: str) -> str:
    """The WordPress blog's address as a key: host and path, no scheme, no trailing slash."""
    parts = urlsplit((url or "").strip())
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"[:200] or "unknown"


def import_wxr(
    path,
    *,
    dry_run: bool = False,
    default_author: str | None = None,
    media_root: str | Path | None = None,
    update: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Import the WXR file at ``path``; returns the report. Raises ``WXRError`` (no change).

    Items imported before are left as they are (editors may have changed them), unless
    ``update``: then an imported post's title, standfirst, lede, sections and tags, and an
    imported page's title and text, are rewritten from the file (never its slug, status or
    date, so addresses and schedules stay).
    """
    report = Report(dry_run=dry_run)
    run = _Import(
        Path(path),
        report,
        dry_run=dry_run,
        default_author=default_author,
        media_root=Path(media_root) if media_root else None,
        progress=progress,
        update=update,
    )
    try:
        with transaction.atomic():
            run.run()
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except BaseException:
        run.delete_copied_files()
        raise
    return report


class _Import:
    def __init__(self, path, report, *, dry_run, default_author, media_root, progress, update):
        self.update = update
        self.path = path
        self.report = report
        self.dry_run = dry_run
        self.media_root = media_root.resolve() if media_root else None
        self.progress = progress
        self.default_author_name = default_author
        self.site: Site | None = None
        self.key = ""
        self.authors: dict[str, object] = {}
        self.tags: dict[tuple[str, str], object] = {}  # (taxonomy, slug) → tag
        self.attachments: dict[str, dict] = {}
        self.affiliate_paths: dict[str, str] = {}
        self.copied: dict[str, str] = {}  # uploads path → our media URL
        self.saved_files: list[str] = []
        self.kinds = {kind.slug: kind for kind in SectionKind.objects.all()}
        self.kind_index = KindIndex(self.kinds.values())
        self.retention = ModerationSettings.load().retention_days
        self.now = timezone.now()
        self.tag_model = Article._meta.get_field("tags").related_model

    # --- The two passes ---------------------------------------------------------------------

    def run(self) -> None:
        if not self.path.is_file():
            raise WXRError(f"No such file: {self.path}")
        self.default_author = self._default_author()
        for record in read_wxr(self.path):
            if isinstance(record, Site):
                self._site(record)
            elif isinstance(record, Author):
                self._author(record)
            elif isinstance(record, Term):
                self._term(record)
            elif isinstance(record, Item):
                self._first_pass_item(record)
        self._site_redirects()
        done = 0
        for record in read_wxr(self.path):
            if isinstance(record, Item) and record.post_type in ("post", "page"):
                if record.post_type == "post":
                    self._post(record)
                else:
                    self._page(record)
                done += 1
                if self.progress and done % 100 == 0:
                    self.progress(done)
        if self.progress:
            self.progress(done)

    def _default_author(self):
        if self.default_author_name:
            user = User.objects.filter(username=self.default_author_name).first()
            if user is None:
                raise WXRError(f"No user “{self.default_author_name}” for --default-author.")
            return user
        return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()

    def _site(self, site: Site) -> None:
        self.site = site
        self.key = site_key(site.base_blog_url or site.link)
        self.prefix = urlsplit(site.base_blog_url or site.link).path.rstrip("/")
        self.report.site = site.base_blog_url or site.link
        self.report.version = site.wxr_version

    def _first_pass_item(self, item: Item) -> None:
        if item.post_type == "attachment":
            self.report.count("attachments")
            self.attachments[item.post_id] = {
                "url": item.attachment_url,
                "file": item.meta.get("_wp_attached_file", ""),
                "alt": content.plain_text(item.meta.get("_wp_attachment_image_alt", "")),
                "title": content.plain_text(item.title),
                "parent": item.post_parent,
            }
        elif item.post_type == "thirstylink":
            self._affiliate(item)
        elif item.post_type == "nav_menu_item":
            self.report.count("nav_menu_items")
        elif item.post_type not in ("post", "page"):
            self.report.count("skipped_items")
            self.report.note(
                item.post_type or "item",
                item.post_id,
                content.plain_text(item.title),
                f"post type “{item.post_type}” is not imported",
            )

    # --- People and taxonomy ------------------------------------------------------------

    def _author(self, author: Author) -> None:
        if not author.login:
            return
        record = self._record(Kind.AUTHOR, author.login)
        user = User.objects.filter(pk=record).first() if record else None
        if user is None:
            username = author.login if _USERNAME.match(author.login) else slugify(author.login)
            user = User.objects.filter(username__iexact=username).first()
            if user is not None:
                self.report.count("authors_existing")
                self.report.note(
                    "author",
                    author.login,
                    author.display_name,
                    f"matched the existing user “{user.username}”",
                )
            else:
                user = self._new_user(username or "wordpress-author", author)
            if not record:
                self._remember(Kind.AUTHOR, author.login, user.pk)
        else:
            self.report.count("authors_existing")
        self.authors[author.login] = user

    def _new_user(self, username: str, author: Author):
        first, last = author.first_name, author.last_name
        if not (first or last) and author.display_name:
            first, _, last = author.display_name.partition(" ")
        email = author.email if _valid_email(author.email) else ""
        user = User(
            username=username[:150],
            first_name=first[:150],
            last_name=last[:150],
            email=email,
            is_staff=True,
        )
        user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name="Authors").first()
        if group:
            user.groups.add(group)
        self.report.count("authors_new")
        return user

    def _term(self, term: Term) -> None:
        if term.taxonomy not in ("category", "post_tag") or not (term.slug or term.name):
            return
        if term.taxonomy == "category" and term.slug == "uncategorized":
            self.report.note(
                "category",
                term.term_id,
                term.name,
                "“Uncategorized” is WordPress's placeholder: not made a tag",
            )
            return
        tag = self._tag(term.taxonomy, term.slug, term.name, term.term_id)
        if tag is not None:
            self.report.count("categories" if term.taxonomy == "category" else "post_tags")
            self._term_redirects(term.taxonomy, term.slug, term.term_id, tag)

    def _tag(self, taxonomy: str, slug: str, name: str, term_id: str = ""):
        key = (taxonomy, slug or name)
        if key in self.tags:
            return self.tags[key]
        name = content.plain_text(name) or slug
        if len(name) > 100:
            self.report.note("term", term_id or slug, name, "name shortened to 100 characters")
            name = name[:100].rstrip()
        tag = (
            self.tag_model.objects.alias(name_lower=Lower("name"))
            .filter(name_lower=Lower(Value(name)))
            .first()
        )
        if tag is None:
            tag = self.tag_model(name=name)
            tag.save()
            self.report.count("tags_new")
        else:
            self.report.count("tags_existing")
        self.tags[key] = tag
        return tag

    def _term_redirects(self, taxonomy: str, slug: str, term_id: str, tag) -> None:
        try:
            target = reverse("blog:tag", kwargs={"slug": tag.slug})
            feed = reverse("blog:tag-feed-rss", kwargs={"slug": tag.slug})
        except NoReverseMatch:
            self.report.note("term", term_id, tag.name, "no tag address for it: no redirect")
            return
        base = "category" if taxonomy == "category" else "tag"
        if slug:
            old = unquote(slug)
            self._redirect(f"{self.prefix}/{base}/{old}/", new_path=target)
            self._redirect(f"{self.prefix}/{base}/{old}/feed/", new_path=feed)
        if taxonomy == "category" and term_id:
            self._redirect(short_link_path("cat", term_id, self.prefix), new_path=target)
        elif slug:
            self._redirect(short_link_path("tag", slug, self.prefix), new_path=target)

    def _site_redirects(self) -> None:
        feed = reverse("blog:feed-rss")
        self._redirect(f"{self.prefix}/feed/", new_path=feed)
        for name in ("rss2", "rss", "atom"):
            self._redirect(short_link_path("feed", name, self.prefix), new_path=feed)

    # --- Affiliate links --------------------------------------------------------------------

    def _affiliate(self, item: Item) -> None:
        slug = slugify(unquote(item.post_name))[:100]
        title = content.plain_text(item.title) or slug
        destination = item.meta.get("_ta_destination_url", "").strip()
        old_path, _ = _old_path(item.link)
        if not slug:
            self.report.note("thirstylink", item.post_id, title, "no slug: not imported")
            return
        link = AffiliateLink.objects.filter(slug=slug).first()
        if link is None:
            link = AffiliateLink(
                name=title[:200],
                slug=slug,
                destination_url=destination,
                notes=f"Imported from WordPress (ThirstyAffiliates {item.post_id}).",
            )
            try:
                link.full_clean()
            except ValidationError as error:
                self.report.count("skipped_items")
                self.report.note(
                    "thirstylink", item.post_id, title, f"not imported: {'; '.join(error.messages)}"
                )
                return
            link.save()
            self.report.count("affiliates_new")
        else:
            self.report.count("affiliates_existing")
            if link.destination_url != destination:
                self.report.note(
                    "thirstylink",
                    item.post_id,
                    title,
                    f"the existing link “{slug}” has another destination: kept",
                )
        self._remember(Kind.AFFILIATE, item.post_id, link.pk, checked=False)
        if old_path.endswith(f"/{unquote(item.post_name)}/") or old_path.endswith(f"/{slug}/"):
            self.affiliate_paths[old_path if old_path.endswith("/") else f"{old_path}/"] = slug
            self._redirect(old_path, new_path=reverse("affiliates:go", kwargs={"slug": slug}))

    # --- Posts ------------------------------------------------------------------------------

    def _post(self, item: Item) -> None:
        title = content.plain_text(item.title)
        record = self._record(Kind.POST, item.post_id)
        if record:
            self.report.count("post_existing")
            article = Article.objects.filter(pk=record).first()
            if article is None:
                self.report.note(
                    "post",
                    item.post_id,
                    title,
                    "imported before and deleted here since: not re-created",
                )
                return
            if self.update:
                self._update_post(item, article)
            self._post_redirects(item, article)
            self._comments(item, article, title)
            return
        if item.status in SKIPPED_STATUSES:
            self.report.count("skipped_items")
            self.report.note(
                "post", item.post_id, title, f"not imported: {SKIPPED_STATUSES[item.status]}"
            )
            return
        notes: list[str] = []
        status, published_at, key = self._status(item, notes)
        if not title:
            title = f"Untitled (WordPress post {item.post_id})"
            notes.append("no title: given one")
        if len(title) > 200:
            title = title[:199].rstrip() + "…"
            notes.append("title shortened to 200 characters")
        context = self._content_context(item.post_id, item.meta.get("footnotes", ""))
        converted = content.convert(item.content, context)
        notes += context.notes
        article = Article(
            title=title,
            slug=self._article_slug(item, title, notes),
            dek=self._dek(item, notes),
            intro=converted.lede,
            author=self._post_author(item, notes),
            status=status,
            published_at=published_at,
            comments_open=item.comment_status != "closed",
        )
        self._featured_image(item, article, notes)
        article.save()
        self._sections(article, converted.sections, notes)
        self._post_tags(item, article, notes)
        self._remember(Kind.POST, item.post_id, article.pk)
        self.report.count(key)
        for reason in notes:
            self.report.note("post", item.post_id, title, reason)
        self._post_redirects(item, article)
        self._comments(item, article, title)

    def _update_post(self, item: Item, article: Article) -> None:
        notes: list[str] = []
        context = self._content_context(item.post_id, item.meta.get("footnotes", ""))
        converted = content.convert(item.content, context)
        title = content.plain_text(item.title) or article.title
        article.title = title if len(title) <= 200 else title[:199].rstrip() + "…"
        article.dek = self._dek(item, notes)
        article.intro = converted.lede
        article.save()
        article.sections.all().delete()
        self._sections(article, converted.sections, notes)
        self._post_tags(item, article, notes)
        self.report.count("post_updated")
        for reason in notes + context.notes:
            self.report.note("post", item.post_id, article.title, reason)

    def _status(self, item: Item, notes: list[str]):
        date = item.date_gmt or item.date_local
        draft = (Article.Status.DRAFT, None, "draft")
        if item.password.strip():
            notes.append("password-protected: kept as a draft (Broadsheet has no passwords)")
            return draft
        if item.status == "publish":
            if item.is_sticky:
                notes.append("sticky: imported as an ordinary article")
            if date is None:
                notes.append("no publication date: published now")
            return Article.Status.PUBLISHED, date or self.now, "published"
        if item.status == "future":
            if date and date > self.now:
                return Article.Status.PUBLISHED, date, "scheduled"
            notes.append("scheduled for a date that has passed: kept as a draft")
            return draft
        if item.status not in ("draft", "pending", "private"):
            notes.append(f"unknown status “{item.status}”: kept as a draft")
        elif item.status != "draft":
            notes.append(f"{item.status}: kept as a draft")
        return draft

    def _article_slug(self, item: Item, title: str, notes: list[str]) -> str:
        wanted = unquote(item.post_name)
        base = slugify(wanted)[:190].strip("-")
        if not base:
            base = slugify(title)[:190].strip("-") or f"post-{item.post_id}"
            if wanted:
                notes.append(f"slug “{wanted[:80]}” cannot be an address here: “{base}” instead")
        elif base != wanted:
            notes.append(f"slug “{wanted[:80]}” became “{base}”")
        candidate, number = base, 1
        # LOWER(slug) = …: the expression the case-insensitive unique index is built on, so
        # each check is an index lookup (iexact would scan the table: quadratic on a big import).
        slugs = Article.objects.alias(slug_lower=Lower("slug"))
        while slugs.filter(slug_lower=Lower(Value(candidate))).exists():
            number += 1
            candidate = f"{base}-{number}"
        if candidate != base:
            notes.append(f"slug “{base}” is taken: “{candidate}” instead")
        return candidate

    def _dek(self, item: Item, notes: list[str]) -> str:
        dek = content.plain_text(item.excerpt)
        if len(dek) > 300:
            notes.append("excerpt shortened to 300 characters for the standfirst")
            dek = dek[:299].rsplit(" ", 1)[0] + "…"
        return dek

    def _post_author(self, item: Item, notes: list[str]):
        creator = item.creator.strip("<>\"' ")
        user = self.authors.get(creator)
        if user is None:
            user = self.default_author or next(iter(self.authors.values()), None)
            if user is None:
                raise WXRError(
                    "Some posts have no author in the file and there is no default: give "
                    "--default-author USERNAME or create a superuser first."
                )
            notes.append(f"author “{item.creator or 'none'}” unknown: by {user.username}")
        return user

    def _sections(self, article: Article, sections, notes: list[str]) -> None:
        generic = self.kinds.get(SectionKind.GENERIC_SLUG)
        position = 0
        for heading_text, body in sections:
            if not heading_text:
                notes.append("a heading without text: its section joined the one before")
                if position == 0:
                    article.intro = f"{article.intro}\n\n{body}".strip()
                    article.save(update_fields=["intro", "intro_html", "intro_word_count"])
                else:
                    previous = article.sections.get(position=position)
                    previous.body = f"{previous.body}\n\n{body}".strip()
                    previous.save()
                continue
            heading = self.kind_index.resolve(heading_text)
            kind = self.kinds.get(heading.kind_slug) or generic
            text = heading.heading
            if len(text) > 200:
                notes.append("a heading shortened to 200 characters")
                text = text[:199].rstrip() + "…"
            position += 1
            Section(article=article, kind=kind, heading=text, body=body, position=position).save()

    def _post_tags(self, item: Item, article: Article, notes: list[str]) -> None:
        tags, only_uncategorized = [], bool(item.categories)
        for domain, slug, name in item.categories:
            if domain not in ("category", "post_tag"):
                continue
            if domain == "category" and (slug == "uncategorized" or name == "Uncategorized"):
                continue
            only_uncategorized = False
            tag = self._tag(domain, slug, name)
            if tag is not None:
                tags.append(tag)
        if tags:
            article.tags.add(*dict.fromkeys(tags))
        elif only_uncategorized:
            notes.append("only in the category “Uncategorized”: no tags")

    def _post_redirects(self, item: Item, article: Article) -> None:
        path, query = _old_path(item.link)
        redirects = []
        if not query and path != "/" and path != article.get_absolute_url():
            redirects.append(Redirect(old_path=path, article=article))
        if item.post_id:
            old = short_link_path("p", item.post_id, self.prefix)
            redirects.append(Redirect(old_path=old, article=article))
        self._redirects(redirects)

    # --- Pages ------------------------------------------------------------------------------

    def _page(self, item: Item) -> None:
        title = content.plain_text(item.title) or f"Untitled (WordPress page {item.post_id})"
        record = self._record(Kind.PAGE, item.post_id)
        if record:
            self.report.count("page_existing")
            page = Page.objects.filter(pk=record).first()
            if self.update and page is not None:
                context = self._content_context(item.post_id, item.meta.get("footnotes", ""))
                page.title = title[:200]
                page.body = content.to_markdown(item.content, context)
                page.save()
                self.report.count("page_updated")
            return
        if item.status in SKIPPED_STATUSES:
            self.report.count("skipped_items")
            self.report.note(
                "page", item.post_id, title, f"not imported: {SKIPPED_STATUSES[item.status]}"
            )
            return
        notes: list[str] = []
        path, query = _old_path(item.link)
        if query or path == "/":
            path = f"{self.prefix}/{slugify(unquote(item.post_name)) or f'page-{item.post_id}'}/"
            notes.append(f"no pretty permalink: served at {path}")
        if not path.endswith("/"):
            path += "/"
        base, number = path, 1
        while Page.objects.filter(path=path).exists():
            number += 1
            path = f"{base.rstrip('/')}-{number}/"
        if path != base:
            notes.append(f"the path {base} is taken: served at {path}")
        published = item.status == "publish" and not item.password.strip()
        if item.password.strip():
            notes.append("password-protected: kept unpublished")
        elif item.status != "publish":
            notes.append(f"{item.status}: kept unpublished")
        context = self._content_context(item.post_id, item.meta.get("footnotes", ""))
        page = Page(
            title=title[:200],
            path=path[:300],
            is_published=published,
            body=content.to_markdown(item.content, context),
        )
        try:
            page.full_clean()
        except ValidationError as error:
            self.report.count("skipped_items")
            self.report.note(
                "page", item.post_id, title, f"not imported: {'; '.join(error.messages)}"
            )
            return
        page.save()
        self._remember(Kind.PAGE, item.post_id, page.pk)
        self.report.count("page_published" if published else "page_draft")
        for reason in notes + context.notes:
            self.report.note("page", item.post_id, title, reason)
        pings = sum(1 for c in item.comments if c.comment_type not in PING_TYPES)
        if pings:
            self.report.note(
                "page", item.post_id, title, f"{pings} comment(s) on a page: not imported"
            )
        if item.post_id:
            self._redirect(short_link_path("page_id", item.post_id, self.prefix), new_path=path)
            self._redirect(short_link_path("p", item.post_id, self.prefix), new_path=path)

    # --- Comments ---------------------------------------------------------------------------

    def _comments(self, item: Item, article: Article, title: str) -> None:
        if not item.comments:
            return
        ids = [c.comment_id for c in item.comments if c.comment_id]
        known = dict(
            ImportedItem.objects.filter(
                site=self.key, kind=Kind.COMMENT, wp_id__in=ids
            ).values_list("wp_id", "object_id")
        )
        keep_ip_after = self.now - timedelta(days=self.retention)
        new = []
        for record in item.comments:
            if record.comment_type in PING_TYPES:
                self.report.count("pings")
                continue
            if record.comment_id in known:
                self.report.count("comment_existing")
                continue
            status = STATUS_FOR_APPROVED.get(record.approved.lower())
            if status is None:
                self.report.note(
                    "comment",
                    record.comment_id,
                    title,
                    f"unknown approval “{record.approved}”: held for moderation",
                )
                status = Comment.Status.PENDING
            body = content.comment_to_markdown(record.content)
            if not body:
                self.report.count("comment_skipped")
                self.report.note("comment", record.comment_id, title, "empty: not imported")
                continue
            created = record.date_gmt or record.date_local or article.published_at or self.now
            website = record.url if record.url.lower().startswith(("http://", "https://")) else ""
            if record.url and (not website or len(website) > 200):
                website = ""
                self.report.note(
                    "comment",
                    record.comment_id,
                    title,
                    "the commenter's website is not an http(s) address: left out",
                )
            comment = Comment(
                article=article,
                name=content.plain_text(record.author)[:80] or "Anonymous",
                email=normalise_email(record.email) if _valid_email(record.email) else "",
                website=website,
                body=body,
                status=status,
                created_at=created,
                ip_address=_ip(record.ip) if created >= keep_ip_after else None,
                parent_notified=True,
                reasons=[f"Imported from WordPress (comment {record.comment_id})."],
            )
            comment.render()
            new.append((record, comment))
            self.report.count(str(status))
        if not new:
            return
        Comment.objects.bulk_create([comment for _, comment in new], batch_size=500)
        if any(comment.pk is None for _, comment in new):  # pragma: no cover - old databases
            raise WXRError("This database cannot return the IDs of bulk-inserted rows.")
        known.update(
            {record.comment_id: comment.pk for record, comment in new if record.comment_id}
        )
        threaded = []
        for record, comment in new:
            if record.parent and record.parent != "0":
                parent = known.get(record.parent)
                if parent:
                    comment.parent_id = parent
                    threaded.append(comment)
                else:
                    self.report.note(
                        "comment",
                        record.comment_id,
                        title,
                        f"replies to comment {record.parent}, which was not imported: "
                        "kept as a top-level comment",
                    )
        if threaded:
            Comment.objects.bulk_update(threaded, ["parent"], batch_size=500)
        ImportedItem.objects.bulk_create(
            [
                ImportedItem(
                    site=self.key, kind=Kind.COMMENT, wp_id=record.comment_id, object_id=comment.pk
                )
                for record, comment in new
                if record.comment_id
            ],
            batch_size=500,
        )

    # --- Images -----------------------------------------------------------------------------

    def _content_context(self, post_id: str, footnotes: str = "") -> content.Context:
        return content.Context(
            resolve_image=self._resolve_image,
            attachments=self.attachments,
            affiliate_paths=self.affiliate_paths,
            post_id=post_id,
            footnotes_json=footnotes,
        )

    def _uploads_path(self, url: str) -> str:
        """ "https://site/wp-content/uploads/2012/01/a.jpg" → "2012/01/a.jpg" ("" if none)."""
        path = unquote(urlsplit(url or "").path)
        for marker in ("/wp-content/uploads/", "/files/"):
            if marker in path:
                return path.split(marker, 1)[1].lstrip("/")
        return ""

    def _local_file(self, relative: str) -> Path | None:
        if not self.media_root or not relative:
            return None
        candidate = (self.media_root / relative).resolve()
        if not candidate.is_relative_to(self.media_root) or not candidate.is_file():
            return None
        if candidate.stat().st_size > MAX_IMAGE_BYTES:
            return None
        try:
            with Image.open(candidate) as image:
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            return None
        return candidate

    def _resolve_image(self, url: str) -> str | None:
        relative = self._uploads_path(url)
        if relative in self.copied:
            return self.copied[relative]
        source = self._local_file(relative)
        if source is None:
            self.report.count("images_linked")
            return None
        name = f"wordpress/{relative}"
        if not self.dry_run:
            with source.open("rb") as handle:
                name = default_storage.save(name, File(handle))
            self.saved_files.append(name)
        self.copied[relative] = default_storage.url(name)
        self.report.count("images_copied")
        return self.copied[relative]

    def _featured_image(self, item: Item, article: Article, notes: list[str]) -> None:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail:
            return
        attachment = self.attachments.get(thumbnail)
        if attachment is None:
            notes.append(f"featured image (attachment {thumbnail}) is not in the file")
            return
        relative = attachment["file"] or self._uploads_path(attachment["url"])
        source = self._local_file(relative)
        if source is None:
            notes.append(f"featured image not found under the media root: {attachment['url']}")
            return
        alt = attachment["alt"] or attachment["title"] or article.title
        if not attachment["alt"]:
            notes.append("featured image has no alt text: its title is used")
        article.featured_image_alt = alt[:250]
        self.report.count("featured")
        if self.dry_run:
            return
        with source.open("rb") as handle:
            article.featured_image.save(Path(relative).name, File(handle), save=False)
        self.saved_files.append(article.featured_image.name)

    def delete_copied_files(self) -> None:
        for name in self.saved_files:
            default_storage.delete(name)

    # --- Records and redirects ------------------------------------------------------------

    def _record(self, kind: str, wp_id: str) -> int | None:
        return (
            ImportedItem.objects.filter(site=self.key, kind=kind, wp_id=wp_id)
            .values_list("object_id", flat=True)
            .first()
        )

    def _remember(self, kind: str, wp_id: str, object_id: int, *, checked: bool = True) -> None:
        """Record what ``wp_id`` became; ``checked``: the caller knows there is no record yet."""
        if not wp_id:
            return
        if checked:
            ImportedItem.objects.create(site=self.key, kind=kind, wp_id=wp_id, object_id=object_id)
        else:
            ImportedItem.objects.get_or_create(
                site=self.key, kind=kind, wp_id=wp_id, defaults={"object_id": object_id}
            )

    def _redirect(
        self, old_path: str, *, article: Article | None = None, new_path: str = ""
    ) -> None:
        self._redirects([Redirect(old_path=old_path, article=article, new_path=new_path)])

    def _redirects(self, redirects: list[Redirect]) -> None:
        """Add the redirects whose old path is free (one query to look, one to insert)."""
        wanted: dict[str, Redirect] = {}
        for redirect in redirects:
            path = redirect.old_path = redirect.old_path[:500]
            if path.startswith("/") and not path.startswith("//") and path != redirect.new_path:
                wanted.setdefault(path, redirect)
        if not wanted:
            return
        taken = set(
            Redirect.objects.filter(old_path__in=list(wanted)).values_list("old_path", flat=True)
        )
        Redirect.objects.bulk_create([r for path, r in wanted.items() if path not in taken])
        self.report.count("redirects_existing", len(taken))
        self.report.count("redirects_new", len(wanted) - len(taken))


def _old_path(link: str) -> tuple[str, str]:
    """(path, query) of an item's old address, decoded, with doubled slashes collapsed."""
    parts = urlsplit((link or "").strip())
    return re.sub(r"/{2,}", "/", unquote(parts.path)) or "/", parts.query


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
