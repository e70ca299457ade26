""" "Check now" from the admin: link checks that run beside the request, never in it.

There is no task queue, and gunicorn's sync workers answer one request at a time, while a
destination may take ``HEALTH_CHECK_TIMEOUT`` seconds (twice, HEAD then GET) to answer. So
the request only records a ``LinkCheckRun`` — which links, in order — and, after its commit,
starts a daemon thread in the same process. The thread checks the links in batches of
``HEALTH_CHECK_WORKERS`` with the command's own function (``health.check_and_record``: the
same timeouts, redirect limit and refusal of private addresses, the same recording), and
after each batch writes its progress and a heartbeat on the run, which the admin's status
page polls. The thread has its own database connection and closes it when done.

A worker that is recycled or restarted mid-run takes its thread with it: the run then stops
sending heartbeats, the status page says it stopped and offers *Continue*, which starts a new
thread from the first link not yet checked. Each thread claims the run with a random token,
so two threads never work on the same run.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import conf, health
from .models import AffiliateLink, LinkCheckRun

logger = logging.getLogger(__name__)
LINK_FIELDS = ("id", "name", "slug", "destination_url")
# Finished runs are only for their progress page: older ones go when a new check starts.
KEEP_FINISHED_RUNS = timedelta(days=30)


def batch_size() -> int:
    return conf.get("HEALTH_CHECK_WORKERS")


def stalled_after() -> timedelta:
    """How long a batch may take at worst (HEAD and GET, each redirect hop with its own
    timeout), with a margin: a run silent for longer has lost its thread."""
    hops = conf.get("HEALTH_CHECK_MAX_REDIRECTS") + 1
    return timedelta(seconds=2 * hops * conf.get("HEALTH_CHECK_TIMEOUT") + 30)


def request_check(
    *, link: AffiliateLink | None = None, link_ids: Iterable[int] | None = None, requested_by
) -> LinkCheckRun:
    """A run checking one link, the given links, or (neither given) every active link.

    Asking again while the same check is under way returns that run instead of a second
    one, so a double click or an impatient reload does not check everything twice.
    """
    if link is not None:
        ids = [link.pk]
    elif link_ids is not None:
        ids = sorted(set(link_ids))
    else:
        ids = list(AffiliateLink.objects.active().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        fresh = timezone.now() - stalled_after()
        under_way = (
            LinkCheckRun.objects.unfinished()
            .filter(link=link, heartbeat_at__gte=fresh)
            .order_by("-requested_at")
            .first()
        )
        if under_way is not None and under_way.link_ids == ids:
            return under_way
        LinkCheckRun.objects.filter(finished_at__lt=timezone.now() - KEEP_FINISHED_RUNS).delete()
        run = LinkCheckRun.objects.create(
            link=link, link_ids=ids, requested_by=requested_by, heartbeat_at=timezone.now()
        )
        transaction.on_commit(lambda: start_in_background(run.pk))
    return run


def resume(run: LinkCheckRun) -> bool:
    """Start a new thread on a run whose thread was lost; False if it is not stalled."""
    if not run.is_stalled:
        return False
    start_in_background(run.pk)
    return True


def start_in_background(run_id: int) -> threading.Thread:
    thread = threading.Thread(
        target=work_through, args=(run_id,), name=f"link-check-run-{run_id}", daemon=True
    )
    thread.start()
    return thread


def work_through(run_id: int) -> None:
    """The thread: claim the run, check its links batch by batch, record, finish."""
    token = uuid.uuid4().hex
    try:
        if not _claim(run_id, token):
            return  # finished, or another thread has it
        run = LinkCheckRun.objects.get(pk=run_id)
        position = run.checked
        while position < len(run.link_ids):
            batch = run.link_ids[position : position + batch_size()]
            links = list(AffiliateLink.objects.filter(pk__in=batch).only(*LINK_FIELDS))
            results = health.check_and_record(links)  # deleted links are simply skipped
            broken = sum(result.health == AffiliateLink.Health.BROKEN for result in results)
            position += len(batch)
            progressed = LinkCheckRun.objects.filter(pk=run_id, worker=token).update(
                checked=position, broken=F("broken") + broken, heartbeat_at=timezone.now()
            )
            if not progressed:
                return  # taken over after a stall: the other thread goes on
        LinkCheckRun.objects.filter(pk=run_id, worker=token).update(
            finished_at=timezone.now(), worker=""
        )
    except Exception as error:  # a thread's exception would otherwise vanish unseen
        logger.exception("Affiliate link check run %s failed", run_id)
        LinkCheckRun.objects.filter(pk=run_id, worker=token).update(
            finished_at=timezone.now(), worker="", error=f"{type(error).__name__}: {error}"[:300]
        )
    finally:
        connections.close_all()  # this thread's connections only


def _claim(run_id: int, token: str) -> bool:
    """Take the run if nobody works on it, or if its worker has gone silent."""
    now = timezone.now()
    free = Q(worker="") | Q(heartbeat_at__lt=now - stalled_after())
    claimed = (
        LinkCheckRun.objects.unfinished()
        .filter(free, pk=run_id)
        .update(worker=token, heartbeat_at=now)
    )
    return claimed == 1
