"""What the comment section under an article shows, computed in Python for the templates.

The approved comments of one page of threads come from one query and are arranged into a
tree in memory, so the page costs the same number of queries with one comment or three
thousand. Past ``COMMENTS["THREADS_PER_PAGE"]`` top-level threads the page shows the newest
ones and an "Older comments" link (keyset: ``?comments_before=<thread key>``, never OFFSET).
This module is the one place that builds the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from blog import caching
from blog.models import Article

from .forms import CommentForm
from .models import (
    PAGE_PARAMETER,
    Comment,
    ModerationSettings,
    page_cursor_for,
    threads_per_page,
)
from .tokens import issue_form_token, read_form_token

# Page-cache names (blog/caching.py): the form token's hole, and the owner's rules.
TOKEN_HOLE = "comment-token"  # noqa: S105 - a marker name, not a secret
RULES_DEPENDENCY = "comment-rules"


@dataclass
class ThreadNode:
    comment: Comment
    depth: int = 1
    replies: list[ThreadNode] = field(default_factory=list)
    reply_url: str = ""

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
    token: str = ""
    post_url: str = ""
    replying_to: ThreadNode | None = None
    older_url: str = ""  # the page of older threads, when there is one
    newest_url: str = ""  # back to the newest threads, on an older page

    @property
    def closed_message(self) -> str:
        if self.article.is_public:
            return "Comments are closed."
        return "Comments open when the article is published."  # a staff preview

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
    """The thread and, while comments are open, the form (bound when re-shown with errors)."""
    rules = ModerationSettings.load()
    caching.depends_on(caching.article_key(article.pk), RULES_DEPENDENCY)
    if article.is_public:
        caching.valid_until(rules.closes_at(article))  # the form goes when comments close
    size = threads_per_page()
    reply_to = _reply_to(request, form)
    before = _cursor(request)
    if before is None and reply_to:
        before = _cursor_of(article, reply_to)  # the page where the reader pressed Reply
    comments = list(Comment.objects.thread_page(article, before=before, size=size))
    keys = sorted({comment.thread_key for comment in comments}, reverse=True)
    page_url = article.get_absolute_url()
    older_url = ""
    if len(keys) > size:  # one thread more than a page: older threads exist
        oldest_shown = keys[size - 1]
        comments = [comment for comment in comments if comment.thread_key >= oldest_shown]
        older_url = f"{page_url}?{PAGE_PARAMETER}={oldest_shown}#comments-heading"
    thread = build_thread(comments, rules.max_depth)
    is_open = article.is_public and rules.comments_open(article)
    # The count the article lists show (their annotation), else the page's own length.
    count = getattr(article, "comment_count", len(comments))
    section = CommentSection(
        article=article,
        thread=thread,
        count=count,
        is_open=is_open,
        older_url=older_url,
        newest_url=f"{page_url}#comments-heading" if before is not None else "",
    )
    if not is_open:
        return section
    page_query = f"{PAGE_PARAMETER}={before}&" if before is not None else ""
    by_id = {}
    for node in _walk(thread):
        node.reply_url = f"{page_url}?{page_query}replyto={node.comment.pk}#respond"
        by_id[node.comment.pk] = node
    section.form = form or CommentForm()
    if section.form.is_bound and section.form.errors:
        section.form.focus_first_error()
    section.post_url = reverse("comments:post", args=[article.pk])
    section.token = _token(article, form)
    section.replying_to = by_id.get(reply_to)
    return section


def _cursor(request) -> int | None:
    """The page asked for: ``?comments_before=<thread key>``; anything else is the newest."""
    raw = request.GET.get(PAGE_PARAMETER, "") if request is not None else ""
    if not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


def _cursor_of(article: Article, comment_id: int) -> int | None:
    """The page of the comment being replied to (a reply link or a re-shown form)."""
    comment = Comment.objects.approved().filter(article=article, pk=comment_id).first()
    return page_cursor_for(comment) if comment is not None else None


def _walk(nodes: list[ThreadNode]):
    for node in nodes:
        yield node
        yield from _walk(node.replies)


def _token(article: Article, form: CommentForm | None) -> str:
    """A fresh token; a form shown again with errors keeps the time it was first served,
    so its timing still counts, but gets a new nonce in case the old one was used.

    A new form gets a page-cache hole, filled with a token issued for each response (see
    ``fill_token_hole``), so a cached page still gives every reader their own nonce and time.
    """
    if form is not None and form.is_bound:
        token = read_form_token(form.data.get("token", ""), article_id=article.pk)
        if token is not None and not token.too_old():
            return issue_form_token(article.pk, issued_at=token.issued_at)
        return issue_form_token(article.pk)
    return caching.hole(TOKEN_HOLE, article.pk)


def fill_token_hole(article_id: str) -> str:
    """The token for one response of a (possibly cached) article page."""
    return issue_form_token(int(article_id))


def _reply_to(request, form: CommentForm | None) -> int | None:
    raw = form.data.get("reply_to") if form is not None and form.is_bound else None
    if raw is None and request is not None:
        raw = request.GET.get("replyto")
    try:
        return int(raw) if raw else None
    except (TypeError, ValueError):
        return None
