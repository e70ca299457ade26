"""What the comment section under an article shows, computed in Python for the templates.

The approved comments of one page of threads come from one query and are arranged into a
tree in memory, so the page costs the same number of queries with one comment or three
thousand. Past ``COMMENTS["THREADS_PER_PAGE"]`` top-level threads the page shows the newest
ones and an "Older comments" link (keyset: ``?comments_before=<thread key>``, never OFFSET).
This module is the one place that builds the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe

from blog import caching
from blog.models import Article
from blog.pagination import whole_number
from blog.presentation import complete_for_reading, html_datetime

from . import drafts, identity
from . import sections as answered
from .forms import CommentForm
from .models import (
    PAGE_PARAMETER,
    RULES_DEPENDENCY,
    Comment,
    ModerationSettings,
    page_cursor_for,
    threads_per_page,
)
from .tokens import issue_form_token, read_form_token

NO_HTML = SafeString("")


@dataclass
class ThreadNode:
    comment: Comment
    depth: int = 1
    replies: list[ThreadNode] = field(default_factory=list)
    reply_url: str = ""
    held: bool = False  # the reader's own comment, awaiting moderation (shown to them alone)
    on_section: answered.SectionPlace | None = None  # the section the comment answers
    # The comment as HTML, built once in Python (see ``flatten``), and the markup after it:
    # "<ol>" opening its replies, or "</li>" and the closing tags of the lists it ends.
    html: SafeString = NO_HTML
    after: SafeString = NO_HTML

    @property
    def anchor(self) -> str:
        return self.comment.anchor


@dataclass
class CommentSection:
    article: Article
    thread: list[ThreadNode]
    count: int
    is_open: bool
    form: CommentForm | None = None
    token: str = ""  # empty on the page everyone gets: static/js/comments.js fetches one
    token_url: str = ""
    post_url: str = ""
    replying_to: ThreadNode | None = None
    responding_to: answered.SectionPlace | None = None  # "Respond to this section"
    filtered_by: answered.SectionPlace | None = None  # the thread shows one section's answers
    all_url: str = ""  # the whole thread, from a filtered one
    older_url: str = ""  # the page of older threads, when there is one
    newest_url: str = ""  # back to the newest threads, on an older page
    fields_html: SafeString = NO_HTML
    # The thread in reading order, ready for one flat loop (no template per comment).
    comments: list[ThreadNode] = field(default_factory=list)

    @property
    def closed_message(self) -> str:
        if self.article.is_public:
            return "Comments are closed."
        return "Comments open when the article is published."  # a staff preview

    @property
    def empty_message(self) -> str:
        if self.filtered_by:
            return "No comments on this section yet."
        return "No comments yet. Start the conversation."

    @property
    def heading(self) -> str:
        if not self.count:
            return "Comments"
        return f"{self.count} comment{'' if self.count == 1 else 's'}"


def build_thread(comments: list[Comment], max_depth: int) -> list[ThreadNode]:
    """Comments (oldest first) as a tree no deeper than ``max_depth``.

    A reply deeper than that joins the deepest level shown, under its ancestor there, so a
    conversation never disappears off the right edge of a phone. A reply whose parent is not
    public (held, removed) starts its own thread.
    """
    nodes = {comment.pk: ThreadNode(comment) for comment in comments}
    roots: list[ThreadNode] = []
    for node in nodes.values():  # oldest first, so each list of replies is in order too
        ancestors = _ancestors(node, nodes)
        if not ancestors:
            roots.append(node)
            continue
        # ancestors[0] is the root; the one at depth max_depth - 1 is the deepest host.
        host = ancestors[min(len(ancestors), max_depth - 1) - 1] if max_depth > 1 else None
        if host is None:
            roots.append(node)
        else:
            node.depth = min(len(ancestors), max_depth - 1) + 1
            host.replies.append(node)
    return roots


def _ancestors(node: ThreadNode, nodes: dict[int, ThreadNode]) -> list[ThreadNode]:
    """The public ancestors of ``node``, root first (guarding against a cycle in bad data)."""
    chain, seen = [], {node.comment.pk}
    parent = nodes.get(node.comment.parent_id)
    while parent is not None and parent.comment.pk not in seen:
        chain.append(parent)
        seen.add(parent.comment.pk)
        parent = nodes.get(parent.comment.parent_id)
    chain.reverse()
    return chain


def comment_section(article: Article, request, form: CommentForm | None = None) -> CommentSection:
    """The thread and, while comments are open, the form (bound when re-shown with errors).

    ``?section=<id>`` narrows the thread to the threads answering one of the article's
    sections; ``?respondto=<id>`` (or the re-shown form) sets the form to answer one.
    """
    rules = ModerationSettings.load()
    if form is None and article.is_public:
        form = drafts.form_for(article.pk, request)  # sent with errors, back after a redirect
    # The article (its comments) and its body (the sections comments answer are named).
    caching.depends_on(
        caching.article_key(article.pk), caching.article_body_key(article.pk), RULES_DEPENDENCY
    )
    if article.is_public:
        caching.valid_until(rules.closes_at(article))  # the form goes when comments close
    size = threads_per_page()
    places = answered.places(article)
    asked_for = _param(request, answered.FILTER_PARAMETER)
    filtered_by = answered.chosen(asked_for, places)
    if asked_for and filtered_by is None:
        caching.not_kept()  # no such section: the whole thread, under an address not kept
    section_id = filtered_by.pk if filtered_by else None
    reply_to = _reply_to(request, form)
    before = _cursor(request)
    if before is None and reply_to and filtered_by is None:
        before = _cursor_of(article, reply_to)  # the page where the reader pressed Reply
    comments = list(
        Comment.objects.thread_page(article, before=before, size=size, section_id=section_id)
    )
    keys = sorted({comment.thread_key for comment in comments}, reverse=True)
    if before is not None:
        comments, keys = _after_cursor(before, comments, keys)
    page_url = article.get_absolute_url()
    # The filter stays on across pages of threads, reply links and "Newest comments".
    filter_query = f"{answered.FILTER_PARAMETER}={section_id}&" if filtered_by else ""
    older_url = ""
    if len(keys) > size:  # one thread more than a page: older threads exist
        oldest_shown = keys[size - 1]
        comments = [comment for comment in comments if comment.thread_key >= oldest_shown]
        older_url = f"{page_url}?{filter_query}{PAGE_PARAMETER}={oldest_shown}#comments-heading"
    # The count the article lists show (their annotation); an article fetched as a bare row
    # (blog.presentation.complete_for_reading) gets it now.
    if not hasattr(article, "comment_count"):
        complete_for_reading(article)
    count = article.comment_count
    held = _own_held(article, request, section_id) if before is None else []
    thread = build_thread(sorted([*comments, *held], key=_oldest_first), rules.max_depth)
    held_ids = {comment.pk for comment in held}
    for node in _walk(thread):
        node.held = node.comment.pk in held_ids
        node.on_section = places.get(node.comment.section_id)
    is_open = article.is_public and rules.comments_open(article)
    filtered_url = (
        f"{page_url}?{answered.FILTER_PARAMETER}={section_id}" if filtered_by else page_url
    )
    section = CommentSection(
        article=article,
        thread=thread,
        count=count,
        is_open=is_open,
        older_url=older_url,
        newest_url=f"{filtered_url}#comments-heading" if before is not None else "",
        filtered_by=filtered_by,
        all_url=f"{page_url}#comments-heading" if filtered_by else "",
    )
    if not is_open:
        section.comments = flatten(thread)
        return section
    page_query = f"{filter_query}{PAGE_PARAMETER}={before}&" if before is not None else filter_query
    by_id = {}
    for node in _walk(thread):
        if node.held:
            continue  # no replies to a comment nobody else can see yet
        node.reply_url = f"{page_url}?{page_query}replyto={node.comment.pk}#respond"
        by_id[node.comment.pk] = node
    section.comments = flatten(thread)
    section.form = form or CommentForm()
    if section.form.is_bound and section.form.errors:
        section.form.focus_first_error()
    section.fields_html = form_fields_html(section.form)
    section.post_url = reverse("comments:post", args=[article.pk])
    section.token = _token(article, form)
    section.token_url = reverse("comments:token", args=[article.pk])
    section.replying_to = by_id.get(reply_to)
    if section.replying_to is None:  # a reply answers what its parent answers
        section.responding_to = answered.chosen(_responding_to(request, form), places)
    return section


def _own_held(article: Article, request, section_id: int | None = None) -> list[Comment]:
    """This reader's own comments here that wait for moderation (spam looks the same to its
    poster). One query, only when the request carries the commenter cookie; the page then
    shows something for this reader alone, so it is never stored in the page cache."""
    key = identity.commenter_key(request) if request is not None else ""
    if not key or not article.is_public:
        return []
    held = Comment.objects.held_for(article, key)
    if section_id is not None:
        held = held.filter(section_id=section_id)
    held = list(held)
    if held:
        caching.personal()
    return held


def _oldest_first(comment: Comment):
    return (comment.created_at, comment.pk)


def _param(request, name: str) -> str:
    return request.GET.get(name, "") if request is not None else ""


def _responding_to(request, form: CommentForm | None) -> str:
    """The section the form answers: the re-shown form's, else ``?respondto=``."""
    if form is not None and form.is_bound:
        return form.data.get("section") or ""
    return _param(request, answered.RESPOND_PARAMETER)


def _cursor(request) -> int | None:
    """The page asked for: ``?comments_before=<thread key>``. Anything else (``abc``, ``007``,
    ``²``) shows the newest page, under an address that is not kept: the site writes each
    cursor one way, and every other spelling would be one more page for the cache to store."""
    raw = _param(request, PAGE_PARAMETER)
    before = whole_number(raw)
    if raw and before is None:
        caching.not_kept()
    return before


def _after_cursor(before: int, comments: list[Comment], keys: list[int]):
    """The threads below ``before``; a page whose cursor names no thread is not stored.

    The site's links name a thread: "Older comments" the last one shown (``thread_page``
    also reads it, to tell), a comment's own address one above its thread
    (``page_cursor_for``). Any number makes a valid page, so made-up cursors are answered
    but not kept, and cannot fill the page cache.
    """
    if keys and keys[0] == before:
        return [comment for comment in comments if comment.thread_key != before], keys[1:]
    if not keys or keys[0] != before - 1:
        caching.not_kept()
    return comments, keys


def _cursor_of(article: Article, comment_id: int) -> int | None:
    """The page of the comment being replied to (a reply link or a re-shown form)."""
    comment = Comment.objects.approved().filter(article=article, pk=comment_id).first()
    return page_cursor_for(comment) if comment is not None else None


OPEN_REPLIES = '<ol class="comment-list">'
CLOSE_COMMENT = "</li>"
CLOSE_REPLIES = "</ol></li>"

# One comment's markup, filled with str.format after escaping every value (html.escape, as
# Django's escape does) rather than by a template included per comment: the template engine
# resolved ~14 variables and two date filters per comment, so a 200-comment thread cost three
# times the rest of the page; this is ~10x cheaper.
COMMENT_HTML = """<li id="{anchor}" class="comment depth-{depth}{extra_class}">
  <article aria-label="Comment by {name}">
    <header class="comment-meta">
      <span class="comment-author">{author}</span>
      · <a class="comment-permalink" href="#{anchor}"><time datetime="{iso}">{date}</time></a>{on}
    </header>{held}
    <div class="comment-body prose">{body}</div>
    {actions}
  </article>
  """
AUTHOR_LINK_HTML = '<a href="{}" rel="nofollow ugc noopener"><bdi>{}</bdi></a>'
AUTHOR_HTML = "<bdi>{}</bdi>"
ON_SECTION_HTML = ' · <span class="comment-on">on <a href="#{anchor}">{heading}</a></span>'
HELD_HTML = (
    '\n    <p class="comment-held" role="status">Your comment is awaiting moderation. '
    "Only you can see it until it is approved.</p>"
)
REPLY_HTML = (
    '<p class="comment-actions"><a class="comment-reply" href="{url}" rel="nofollow" '
    'data-reply-to="{pk}" data-reply-name="{name}">Reply<span class="visually-hidden"> to '
    "<bdi>{name}</bdi></span></a></p>"
)


def flatten(roots: list[ThreadNode]) -> list[ThreadNode]:
    """The tree in reading order, each node with its HTML and closing markup."""
    flat: list[ThreadNode] = []
    months = {number: str(name) for number, name in MONTHS.items()}

    def visit(nodes: list[ThreadNode]) -> None:
        for node in nodes:
            node.html = comment_html(node, months)
            flat.append(node)
            if node.replies:
                node.after = mark_safe(OPEN_REPLIES)
                visit(node.replies)
                flat[-1].after = mark_safe(flat[-1].after + CLOSE_REPLIES)
            else:
                node.after = mark_safe(CLOSE_COMMENT)

    visit(roots)
    return flat


def comment_html(node: ThreadNode, months: dict[int, str]) -> SafeString:
    comment = node.comment
    local = timezone.localtime(comment.created_at)
    name = escape(comment.name)
    website = comment.safe_website
    author = AUTHOR_LINK_HTML.format(escape(website), name) if website else AUTHOR_HTML.format(name)
    place = node.on_section
    on = (
        ON_SECTION_HTML.format(anchor=escape(place.anchor), heading=escape(place.heading))
        if place
        else ""
    )
    actions = (
        REPLY_HTML.format(url=escape(node.reply_url), pk=comment.pk, name=name)
        if node.reply_url
        else ""
    )
    return mark_safe(
        COMMENT_HTML.format(
            anchor=node.anchor,
            depth=node.depth,
            extra_class=" comment-is-held" if node.held else "",
            held=HELD_HTML if node.held else "",
            name=name,
            author=author,
            iso=html_datetime(local),
            date=f"{local.day} {escape(months[local.month])} {local.year}, {local:%H:%M}",
            on=on,
            body=comment.body_html,
            actions=actions,
        )
    )


def form_fields_html(form: CommentForm) -> SafeString:
    """The form's fields as HTML; a blank form's markup is the same on every page, so it is
    rendered once per process (field rendering is the slowest part of the page otherwise)."""
    if form.is_bound or settings.DEBUG:
        return _render_fields(form)
    return _blank_fields_html()


@cache
def _blank_fields_html() -> SafeString:
    return _render_fields(CommentForm())


def _render_fields(form: CommentForm) -> SafeString:
    return mark_safe(render_to_string("comments/form_fields.html", {"form": form}))


def _walk(nodes: list[ThreadNode]):
    for node in nodes:
        yield node
        yield from _walk(node.replies)


def _token(article: Article, form: CommentForm | None) -> str:
    """The token of a form shown again with errors (a page for this reader alone): it keeps
    the time the form was first served, so its timing still counts, with a new nonce in case
    the old one was used. The page everyone gets has none: the reader's browser fetches one
    when they start typing (``views.form_token``), so the cached bytes go out as they are.
    """
    if form is None or not form.is_bound:
        return ""
    token = read_form_token(form.data.get("token", ""), article_id=article.pk)
    if token is not None and not token.too_old():
        return issue_form_token(article.pk, issued_at=token.issued_at)
    return issue_form_token(article.pk)


def _reply_to(request, form: CommentForm | None) -> int | None:
    raw = form.data.get("reply_to") if form is not None and form.is_bound else None
    if raw is None and request is not None:
        raw = request.GET.get("replyto")
    try:
        return int(raw) if raw else None
    except (TypeError, ValueError):
        return None
