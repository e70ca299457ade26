"""The page cache: whole public pages, refreshed exactly when something they show changes.

How it works (README, "Speed and caching", has the full story):

* A view opts in with ``public_page(view, query=…)`` (URLconfs wrap views with it). Only
  GET/HEAD requests that carry no personal cookie (anything but ``PAGE_CACHE["SHARED_COOKIES"]``)
  and no ``Authorization`` header are served from, or stored in, the cache; everyone else (staff,
  a reader just back from posting a comment) gets a fresh page marked ``private, no-store``.
* While a page renders, the code that reads something records what it read:
  ``depends_on("article:7", "lists:tag:3")``. The entry is stored with the current
  *generation* of each of those dependencies. A change calls ``invalidate(keys)``, which gives
  those dependencies new generations (now, and again after the transaction commits), so every
  page that showed them is stale at once and nothing else is.
* A global epoch changes with every invalidation; a page whose render overlapped a change is
  served but not stored, so a page rendered from old rows is never stored under new
  generations.
* A hit costs no cache round trip: each process keeps the pages it served last, and reads the
  shared epoch at most every ``LOCAL_SECONDS``. While the epoch has not moved, nothing has
  changed anywhere, so a page checked under that epoch is still good; when it has moved, the
  page's own generations are read again (one ``get_many``). A change made in this process
  is seen at once; one made in another process within ``LOCAL_SECONDS``.
* Scheduled articles become public with no save: their publication times are kept in the
  cache, and a page stored before one of them is stale once it has passed.
* Headers for CDNs and browsers: ``Cache-Control: public, max-age, s-maxage,
  stale-while-revalidate`` (from ``settings.PAGE_CACHE``), a weak ``ETag`` (conditional GETs
  get ``304``) and ``X-Accel-Expires`` for the nginx micro-cache in ``deploy/``.
* Fragments (``fragment``, ``{% fragment %}``): the costly parts of a page kept the same way,
  so a render after a change redoes only the parts that show it.
* A stored page goes out byte for byte: nothing in it differs per reader. Forms that need a
  per-reader token (comments, follow by email) fetch it when the reader starts typing
  (static/js/form-token.js).

``blog`` knows nothing of the apps built on it: they call ``depends_on`` while rendering and
``invalidate`` from their own signal receivers. ``PAGE_CACHE=0`` in the environment turns the
store off (headers and 304s stay).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import transaction
from django.http import HttpResponse
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

ALIAS = "pages"
EPOCH = "epoch"  # changes with every invalidation
PUBLICATIONS = "page:publications"  # scheduled publication times (timestamps), soonest first
MAX_PUBLICATIONS = 500
SITEMAP = "sitemap"
LISTS = "lists"  # home, archive index, site feeds: everything that lists all articles
TAG_INDEX = "lists:tags"  # the tag index (/tags/): its counts change when an article is retagged
CORRECTIONS = "corrections"  # the /corrections/ page


def article_key(pk: int) -> str:
    """What lists show of an article too: title, standfirst, date, image, tags, comments."""
    return f"article:{pk}"


def article_body_key(pk: int) -> str:
    """What only the article page and feeds show: sections, product boxes."""
    return f"article-body:{pk}"


def tag_key(tag_id: int) -> str:
    """A tag's name, wherever it is shown (article pages, cards, feed categories)."""
    return f"tag:{tag_id}"


def tag_list_key(tag_id: int) -> str:
    return f"lists:tag:{tag_id}"


def author_list_key(author_id: int) -> str:
    return f"lists:author:{author_id}"


def author_key(user_id: int) -> str:
    """How a person is shown wherever their byline is: name and author page address."""
    return f"author:{user_id}"


def month_list_key(year: int, month: int) -> str:
    return f"lists:month:{year:04d}-{month:02d}"


def config() -> dict:
    return settings.PAGE_CACHE


def page_cache():
    return caches[ALIAS]


# --- dependencies -----------------------------------------------------------------------


@dataclass
class _Recording:
    keys: set[str] = field(default_factory=set)
    expires_at: float | None = None
    personal: bool = False
    kept: bool = True  # False: answered (publicly) but not stored here


_recording: ContextVar[_Recording | None] = ContextVar("page_cache_recording", default=None)


def depends_on(*keys: str) -> None:
    """Record that the page being rendered shows what ``keys`` name (no-op outside a page)."""
    recording = _recording.get()
    if recording is not None:
        recording.keys.update(keys)


def valid_until(moment) -> None:
    """The page being rendered changes by itself at ``moment`` (a datetime), e.g. a deadline."""
    recording = _recording.get()
    if recording is not None and moment is not None:
        stamp = moment.timestamp()
        if stamp <= time.time():
            return  # already happened: the page shows the outcome
        if recording.expires_at is None or stamp < recording.expires_at:
            recording.expires_at = stamp


def personal() -> None:
    """The page being rendered shows something for this reader alone (e.g. their comment
    awaiting moderation): it is never stored and is sent ``private, no-store``."""
    recording = _recording.get()
    if recording is not None:
        recording.personal = True


def not_kept() -> None:
    """The page being rendered is an address the site never links (a list cursor that names
    no article, say): answered as usual, but not stored, so that made-up addresses cannot
    fill the cache and push out the pages readers use."""
    recording = _recording.get()
    if recording is not None:
        recording.kept = False


def _gen_key(key: str) -> str:
    return f"gen:{key}"


def invalidate(*keys: str) -> None:
    """Make every stored page that depends on ``keys`` stale: now, and after the commit.

    Now, for readers in this transaction (and tests); after the commit, because a page
    rendered from the old rows in between must not survive the change.
    """
    keys = tuple(dict.fromkeys(keys))
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def _bump(keys: Iterable[str]) -> None:
    values = {_gen_key(key): secrets.token_hex(6) for key in (*keys, EPOCH)}
    try:
        page_cache().set_many(values, timeout=None)
    except Exception:  # a cache outage must not fail the save that caused it
        logger.warning("Page cache: could not invalidate %s", list(values), exc_info=True)
    _shared.forget()  # this process sees its own change at once
    _touch_epoch_file()


def note_scheduled(moment) -> None:
    """An article was scheduled for ``moment``: pages stored before it expire when it comes."""
    cache, now = page_cache(), time.time()
    keep_after = now - config()["TIMEOUT"]  # older pages have expired anyway
    times = {stamp for stamp in cache.get(PUBLICATIONS) or () if stamp > keep_after}
    times.add(moment.timestamp())
    cache.set(PUBLICATIONS, tuple(sorted(times)[:MAX_PUBLICATIONS]), timeout=None)


def _published_since(stored_at: float, now: float, publications) -> bool:
    return any(stored_at < stamp <= now for stamp in publications or ())


def remember(name: str, keys: Iterable[str], compute: Callable[[], object]):
    """A value derived from the data that ``keys`` name, computed again when they change.

    For summaries that would scan a large table (the archive's months, the sitemap's count):
    stored under the generations of ``keys`` (and the scheduled publications that have
    come), so the next change is the next computation. The page being rendered records
    ``keys`` as its dependencies too.
    """
    keys = tuple(keys)
    depends_on(*keys)
    try:
        cache = page_cache()
        wanted = [_gen_key(key) for key in keys]
        current = cache.get_many([*wanted, PUBLICATIONS])
        now = time.time()
        due = sum(1 for stamp in current.get(PUBLICATIONS) or () if stamp <= now)
        state = ",".join(str(current.get(gen)) for gen in wanted)
        key = f"remember:{name}:{_hash(f'{state}|{due}')}"
        value = cache.get(key)
        if value is not None:
            return value
    except Exception:  # the cache is down: compute
        logger.warning("Page cache: could not read %s", name, exc_info=True)
        return compute()
    value = compute()
    if all(gen in current for gen in wanted):  # stored under the generations read before
        cache.set(key, value, timeout=config()["TIMEOUT"])
    else:  # first use (or evicted): give the keys generations, so the next call can store
        for gen in wanted:
            if gen not in current:
                cache.add(gen, secrets.token_hex(6), timeout=None)
    return value


# One process's local-memory cache cannot see another's invalidations. With that backend,
# every invalidation also replaces a small file; a process that sees a new file forgets its
# stored pages (coarse, but correct under several workers without Redis).


def _epoch_file() -> Path | None:
    if not isinstance(page_cache(), LocMemCache):
        return None
    return Path(config()["EPOCH_FILE"])


_seen_epoch_file: dict[str, tuple[int, int] | None] = {}


def _touch_epoch_file() -> None:
    path = _epoch_file()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        temporary.write_bytes(b"")
        os.replace(temporary, path)  # a new inode: a stat elsewhere sees the change
        _seen_epoch_file[str(path)] = _stat(path)
    except OSError:
        logger.warning("Page cache: could not replace %s", path, exc_info=True)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def _forget_if_changed_elsewhere() -> None:
    path = _epoch_file()
    if path is None:
        return
    now, name = _stat(path), str(path)
    if name not in _seen_epoch_file:
        _seen_epoch_file[name] = now
    elif _seen_epoch_file[name] != now:
        _seen_epoch_file[name] = now
        page_cache().clear()
        _recent.clear()
        _recent_fragments.clear()


# --- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicPage:
    query: tuple[str, ...]  # in the order the site's links write them


def public_page(view, *, query: Iterable[str] = ()):
    """Mark ``view`` as a public page: cacheable for anonymous readers.

    ``query`` names the query parameters the page reads, in the order the site's links
    (and its forms) write them. A query string is stored only in that one spelling
    (``_canonical_query``): any other parameter, a repeated one, another order or another
    encoding is answered but not stored, so junk addresses cannot fill the cache.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.public_page = PublicPage(query=tuple(query))
    return wrapped


# --- the middleware ---------------------------------------------------------------------


def _resolve_public_page(path: str, urlconf=None) -> PublicPage | None:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "public_page", None)


@lru_cache(maxsize=4096)
def _public_page_of_path(path: str) -> PublicPage | None:
    """Whether a path is a public page: resolving is the costliest step of a cache hit."""
    return _resolve_public_page(path)


def _forget_resolutions(**kwargs) -> None:
    _public_page_of_path.cache_clear()
    forget_local_state()


def forget_local_state() -> None:
    """Drop what this process keeps of the shared cache (after the shared cache is emptied)."""
    _recent.clear()
    _recent_fragments.clear()
    _shared.forget()


setting_changed.connect(_forget_resolutions, dispatch_uid="page-cache-resolutions")


@dataclass
class _Entry:
    key: str
    deps: tuple[str, ...]
    generations: tuple[str | None, ...]
    stored_at: float
    expires_at: float | None
    headers: dict[str, str]
    content: bytes | str  # a page's body, a fragment's HTML or a pickled object


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def etag_for(content: bytes) -> str:
    return f'W/"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'


class _Recent:
    """The pages this process served last, each with the epoch under which its generations
    were last found current: while the shared epoch is still that one, the page is served
    without reading the shared cache at all. Entries are immutable."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, tuple[_Entry, str | None]] = OrderedDict()

    def get(self, key: str) -> tuple[_Entry | None, str | None]:
        found = self.entries.get(key)
        if found is None:
            return None, None
        if time.time() - found[0].stored_at > config()["TIMEOUT"]:
            del self.entries[key]  # gone from the shared cache by now too
            return None, None
        self.entries.move_to_end(key)
        return found

    def put(self, key: str, entry: _Entry, checked_epoch: str | None) -> None:
        if not entry.deps:
            return  # nothing would ever make a local copy stale: the shared cache decides
        self.entries[key] = (entry, checked_epoch)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def clear(self) -> None:
        self.entries.clear()


_recent = _Recent(size=128)
_recent_fragments = _Recent(size=256)


class _SharedState:
    """The shared epoch and scheduled publications as this process last read them, re-read
    at most every ``LOCAL_SECONDS`` (and at once after a change made here)."""

    def __init__(self):
        self.forget()

    def forget(self) -> None:
        self.read_at = float("-inf")
        self.epoch: str | None = None
        self.publications: tuple[float, ...] = ()

    def current(self, cache) -> _SharedState:
        now = time.monotonic()
        if now - self.read_at >= config()["LOCAL_SECONDS"]:
            _forget_if_changed_elsewhere()
            values = cache.get_many([_gen_key(EPOCH), PUBLICATIONS])
            self.epoch = values.get(_gen_key(EPOCH))
            self.publications = tuple(values.get(PUBLICATIONS) or ())
            self.read_at = now
        return self


_shared = _SharedState()


def _canonical_query(request, page: PublicPage) -> bool:
    """Whether the query string is the one spelling the site writes for what it asks: only
    the page's parameters, each once and with a value, in the order ``public_page`` names
    them, encoded as ``urlencode`` encodes them (as a browser sends a GET form,
    ``q=two+words``).

    The page is stored under the query string as sent, while the view reads its parsed
    values: ``?before=junk&before=<cursor>``, ``&&``, ``?before=`` (the first page again),
    another order or ``%61`` for ``a`` would each be one more stored copy of a page the
    site links once.
    """
    sent = request.META.get("QUERY_STRING", "")
    if not sent:
        return True
    asked = request.GET
    if any(name not in page.query for name in asked):
        return False  # a parameter the page does not read
    if any(len(values) > 1 or not values[0] for _name, values in asked.lists()):
        return False  # repeated (the view reads the last one), or empty
    return sent == urlencode([(name, asked[name]) for name in page.query if name in asked])


def _canonical_path(request) -> bool:
    """Whether the path is the one ``reverse()`` writes for the view and arguments it resolved
    to: ``<int:year>`` reads ``/archive/000002024/`` as 2024, and every such spelling would
    be one more stored copy of a page. Asked after the view has run (it needs
    ``request.resolver_match``), of a page just rendered (for this cache and nginx's): a hit
    costs nothing.
    """
    match = request.resolver_match
    if match is None:
        return False
    try:
        written = reverse(
            match.view_name, args=match.args, kwargs=match.kwargs,
            urlconf=getattr(request, "urlconf", None),
        )  # fmt: skip
    except NoReverseMatch:  # an unnamed route: no spelling to compare with, so not stored
        return False
    return unquote(written) == request.path  # reverse() %-escapes, request.path is decoded


def _is_personal(request) -> bool:
    """A cookie other than the shared ones, or credentials: this reader's own page."""
    shared = config()["SHARED_COOKIES"]
    return any(name not in shared for name in request.COOKIES) or (
        "HTTP_AUTHORIZATION" in request.META
    )


def _lookup(key: str, recent: _Recent) -> tuple[_Entry | None, str | None]:
    """(a fresh entry or None, the epoch before rendering)."""
    cache = page_cache()
    shared = _shared.current(cache)
    epoch = shared.epoch
    entry, checked_epoch = recent.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is None:
            return None, epoch
    now = time.time()
    if entry.expires_at is not None and entry.expires_at <= now:
        return None, epoch
    if _published_since(entry.stored_at, now, shared.publications):
        return None, epoch
    if epoch is None or checked_epoch != epoch:  # something changed: are its deps current?
        wanted = [_gen_key(dep) for dep in entry.deps]
        current = cache.get_many(wanted)
        if any(current.get(name) != stored for name, stored in
               zip(wanted, entry.generations, strict=True)):  # fmt: skip
            return None, epoch
        recent.put(key, entry, epoch)
    return entry, epoch


def _store(key: str, epoch, recording: _Recording, content, headers, recent: _Recent) -> None:
    cache = page_cache()
    deps = tuple(sorted(recording.keys))
    wanted = [_gen_key(dep) for dep in deps]
    current = cache.get_many([*wanted, _gen_key(EPOCH)])
    if current.get(_gen_key(EPOCH)) != epoch:
        return  # something changed while this rendered: serve it, don't keep it
    for name in wanted:
        if name not in current:  # first use (or evicted): any new value will do
            value = secrets.token_hex(6)
            cache.add(name, value, timeout=None)
            current[name] = cache.get(name, value)
    now = time.time()
    timeout = config()["TIMEOUT"]
    if recording.expires_at is not None:
        timeout = min(timeout, max(1, int(recording.expires_at - now)))
    entry = _Entry(
        key=key,
        deps=deps,
        generations=tuple(current[name] for name in wanted),
        stored_at=now,
        expires_at=recording.expires_at,
        headers=headers,
        content=content,
    )
    cache.set(key, entry, timeout=timeout)
    recent.put(key, entry, epoch)


# --- fragments --------------------------------------------------------------------------


def fragment(name: str, request, render: Callable[[], str]) -> str:
    """``render()``'s HTML, kept like a page: under the dependencies it records, until one
    of them changes. For the parts of a page that cost most to render (an article's body,
    its comment thread), so a render after an unrelated change (or with ``PAGE_CACHE=0``)
    redoes only what changed. Used only for requests that could share a page (no personal
    cookie, no query string); a fragment that records ``personal()`` is not kept. Its
    dependencies and deadline become the page's too. ``PAGE_FRAGMENTS=0`` turns it off.
    """
    found = _kept("fragment", name, request, lambda: str(render()))
    if found is _NOT_KEPT:
        return render()
    return mark_safe(found)  # HTML this function rendered and kept


def kept_object(name: str, request, fetch: Callable[[], object]):
    """``fetch()``'s result (a model instance, say), kept like a fragment and under the same
    rules, so a page whose fragments are kept reads nothing from the database at all.

    For the row a page is about: looking it up through the ORM costs more than rendering the
    kept fragments around it (the query's building and compiling, not the database). What
    ``fetch`` records (``depends_on``) is what makes it stale; exceptions (``Http404``) are
    raised, not kept. Each call returns its own copy, so a view may change what it gets.
    """
    found = _kept("object", name, request, lambda: pickle.dumps(fetch()))
    if found is _NOT_KEPT:
        return fetch()
    try:
        return pickle.loads(found)  # noqa: S301 - bytes this site pickled into its own cache
    except Exception:
        # Kept by an earlier release whose classes this one no longer has (a model renamed,
        # say): fetched again, or every page using it would fail until the entry expires.
        logger.warning("Page cache: could not unpickle the kept %s", name, exc_info=True)
        return fetch()


_NOT_KEPT = object()


def _page_address(request) -> str:
    """The page's scheme, host and path, worked out once per request (``get_host()``
    validates the host against ``ALLOWED_HOSTS`` on every call)."""
    address = getattr(request, "_page_cache_address", None)
    if address is None:
        address = f"{request.scheme}://{request.get_host()}{request.path}"
        request._page_cache_address = address
    return address


def _kept(kind: str, name: str, request, compute: Callable[[], str | bytes]):
    """What ``compute()`` returned for this page, from the cache or computed and stored, with
    its dependencies recorded for the page; ``_NOT_KEPT`` when this request may not share it
    (then the caller computes it the plain way)."""
    if not config()["FRAGMENTS"] or request is None or request.GET or _is_personal(request):
        return _NOT_KEPT
    key = f"{kind}:" + _hash(f"{name}|{_page_address(request)}")
    try:
        entry, epoch = _lookup(key, _recent_fragments)
    except Exception:  # the cache is down: compute
        logger.warning("Page cache: %s lookup failed", kind, exc_info=True)
        return _NOT_KEPT
    if entry is not None:
        _replay(_Recording(keys=set(entry.deps), expires_at=entry.expires_at))
        return entry.content
    content, recording = _recorded(compute)
    _replay(recording)
    if not recording.personal and recording.kept:
        try:
            _store(key, epoch, recording, content, {}, _recent_fragments)
        except Exception:
            logger.warning("Page cache: %s store failed", kind, exc_info=True)
    return content


def _recorded(compute: Callable[[], object]) -> tuple[object, _Recording]:
    """``compute()`` and what it recorded (its own recording, not the page's)."""
    recording = _Recording()
    token = _recording.set(recording)
    try:
        return compute(), recording
    finally:
        _recording.reset(token)


def _replay(recorded: _Recording) -> None:
    """Record again, for the page (or fragment) being rendered, what ``recorded`` holds."""
    recording = _recording.get()
    if recording is None:
        return
    recording.keys.update(recorded.keys)
    recording.personal = recording.personal or recorded.personal
    recording.kept = recording.kept and recorded.kept
    if recorded.expires_at is not None:
        recording.expires_at = min(recorded.expires_at, recording.expires_at or recorded.expires_at)


class Recorded:
    """A value computed at most once, on first use, whose dependencies are recorded again by
    every page or fragment that uses it: two fragments reading one lazily built object both
    depend on what it shows, whichever of them built it."""

    _UNSET = object()

    def __init__(self, compute: Callable[[], object]):
        self._compute = compute
        self._value = self._UNSET
        self._recording = _Recording()

    def get(self):
        if self._value is self._UNSET:
            self._value, self._recording = _recorded(self._compute)
        _replay(self._recording)
        return self._value


_CONDITIONAL_HEADERS = frozenset(("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
                                  "HTTP_IF_UNMODIFIED_SINCE"))  # fmt: skip


class PageCacheMiddleware:
    """Serves and stores public pages; sets their HTTP caching headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = self._public_page(request)
        if page is None:
            return self.get_response(request)
        if _is_personal(request):
            response = self.get_response(request)
            if response.status_code < 400:
                patch_cache_control(response, private=True, no_store=True)
            response.headers.setdefault("X-Page-Cache", "bypass")
            return response

        canonical_query = _canonical_query(request, page)
        key = epoch = None
        if config()["ENABLED"] and canonical_query:
            key = self._key(request)
            try:
                entry, epoch = self._lookup(key)
            except Exception:  # the cache is down: render, and don't try to store
                logger.warning("Page cache: lookup failed", exc_info=True)
                entry, key = None, None
            if entry is not None:
                return self._from_entry(request, entry)

        recording = _Recording()
        token = _recording.set(recording)
        try:
            response = self.get_response(request)
        finally:
            _recording.reset(token)

        if recording.personal and response.status_code < 400:
            patch_cache_control(response, private=True, no_store=True)
        if not self._shareable(response):
            if response.cookies and response.status_code < 400:
                patch_cache_control(response, private=True, no_store=True)
            return response
        # An address the site links, of a page worth keeping (whether or not the store is on).
        keepable = canonical_query and recording.kept and _canonical_path(request)
        self._public_headers(response, keepable=keepable)
        response.headers["ETag"] = etag_for(response.content)
        if key is not None and keepable:
            response.headers["X-Page-Cache"] = "miss"
            try:
                self._store(key, epoch, recording, response)
            except Exception:
                logger.warning("Page cache: store failed", exc_info=True)
        else:
            response.headers["X-Page-Cache"] = "off"
        conditional = get_conditional_response(
            request, etag=response.headers["ETag"], response=response
        )
        return conditional

    # what may be cached

    @staticmethod
    def _public_page(request) -> PublicPage | None:
        if request.method not in ("GET", "HEAD"):
            return None
        urlconf = getattr(request, "urlconf", None)
        if urlconf is not None:
            return _resolve_public_page(request.path_info, urlconf)
        return _public_page_of_path(request.path_info)

    @staticmethod
    def _shareable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if "cookie" in response.headers.get("Vary", "").lower():
            return False
        control = response.headers.get("Cache-Control", "").lower()
        return not any(word in control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def _public_headers(response, *, keepable: bool) -> None:
        """Cache-Control for browsers and CDNs; for the nginx micro-cache, ``X-Accel-Expires``
        (``0``, "do not store", for an address not kept here: nginx keys pages by the URI as
        sent, so junk addresses would fill its cache instead)."""
        options = config()
        patch_cache_control(
            response,
            public=True,
            max_age=options["MAX_AGE"],
            s_maxage=options["S_MAXAGE"],
            stale_while_revalidate=options["STALE_WHILE_REVALIDATE"],
        )
        if not keepable:
            response.headers["X-Accel-Expires"] = "0"
        elif options["PROXY_SECONDS"]:
            response.headers["X-Accel-Expires"] = str(options["PROXY_SECONDS"])

    @staticmethod
    def _key(request) -> str:
        return "page:" + _hash(f"{request.scheme}://{request.get_host()}{request.get_full_path()}")

    # the store

    def _lookup(self, key: str) -> tuple[_Entry | None, str | None]:
        return _lookup(key, _recent)

    def _store(self, key: str, epoch, recording: _Recording, response) -> None:
        headers = {
            name: value
            for name, value in response.items()
            if name not in ("X-Page-Cache", "Content-Length")
        }
        _store(key, epoch, recording, response.content, headers, _recent)

    def _from_entry(self, request, entry: _Entry):
        response = HttpResponse(headers=entry.headers)
        response.headers["X-Page-Cache"] = "hit"
        if _CONDITIONAL_HEADERS.intersection(request.META):
            conditional = get_conditional_response(
                request, etag=response.headers.get("ETag"), response=response
            )
            if conditional is not response:
                return conditional  # 304: no body
        response.content = entry.content
        response.headers["Content-Length"] = str(len(entry.content))
        return response
