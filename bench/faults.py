"""Fault test: Redis away, and PostgreSQL restarted under load, lose nothing acknowledged.

    .venv/bin/python bench/faults.py [--seconds 20]

Bounded and local: it starts its *own* PostgreSQL (initdb in a temporary folder, run as the
``postgres`` user) and its own redis-server, each on a free 127.0.0.1 port, and gunicorn
(2 sync workers) against them; the shared servers other work uses are never touched.

1. **Wrong REDIS_URL** (a port where nothing listens): the article, home, tag, feed and
   sitemap pages answer 200, and a comment can be posted (the rate limit lets it through).
2. **Redis stopped mid-run**: readers load pages while redis-server is killed and started
   again; every response must be 200.
3. **PostgreSQL restarted under load**: readers post comments and click an affiliate link
   while ``pg_ctl restart -m fast`` runs twice. A comment acknowledged with "303 See Other"
   must be stored, and every click answered with a redirect must be counted (as a click or a
   discarded click); a reader whose request failed was told so (5xx), never "saved".

Exits non-zero if anything acknowledged is missing or a page failed while Redis was away.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PAGES = ["/", "/feed/rss/", "/sitemap.xml", "/archive/"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        sys.exit("PostgreSQL server binaries not found (apt-get install postgresql)")
    return str(found[-1])


class OwnPostgres:
    """A throwaway cluster on a free port, run as the postgres user."""

    def __init__(self, workdir: Path):
        self.data = workdir / "pgdata"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        self.data.mkdir(parents=True)
        if self.as_postgres:
            shutil.chown(self.data, "postgres")
            shutil.chown(self.data.parent, "postgres")
        self.run(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.ctl("start")

    def ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=on"
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-m", "fast",
                 "-l", str(self.data / "log"), action)  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


class OwnRedis:
    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.port)

    def kill(self) -> None:
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process = None


class Site:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "2"}
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        wait_for(self.port)

    def stop(self) -> None:
        if self.process:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(10)
            self.process = None

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        data = urllib.parse.urlencode(body) if body is not None else None
        headers = {"User-Agent": "Mozilla/5.0 (fault test)", **(headers or {})}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, data, headers)
            response = connection.getresponse()
            return response.status, response.read().decode(errors="replace")
        except OSError:
            return 0, ""
        finally:
            connection.close()


def comment_form(site: Site, article: str) -> tuple[str, dict] | None:
    status, html = site.request("GET", article)
    if status != 200:
        return None
    action = re.search(r'<form class="comment-form" method="post" action="([^"]+)"', html)
    token_url = re.search(r'data-token-url="([^"]+)"', html)
    if not action or not token_url:
        return None
    status, answer = site.request("GET", token_url[1])  # as the page's script fetches it
    if status != 200:
        return None
    token = json.loads(answer)["token"]
    return action[1], {"token": token, "reply_to": "", "honeypot": "", "website": ""}


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="broadsheet-faults-"))
    postgres, redis = OwnPostgres(workdir), OwnRedis()
    sites: list[Site] = []
    failures: list[str] = []
    try:
        postgres.start()
        redis.start()
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("PAGE_CACHE",)},
            "DEBUG": "0", "SECRET_KEY": "faults-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": postgres.url,
            "BROADSHEET_VAR_DIR": str(workdir / "var"), "CONN_MAX_AGE": "60",
        }  # fmt: skip
        manage(env, "migrate", "--noinput")
        setup = (
            "import django, json; django.setup();"
            "from bench import sample_site; urls = sample_site.build();"
            "from comments.models import ModerationSettings;"
            "s = ModerationSettings.load(); s.rate_limit_count = 30000; s.save();"
            "from affiliates.models import AffiliateLink;"
            "print(json.dumps([urls, AffiliateLink.objects.order_by('pk').first().slug]))"
        )
        import json

        done = subprocess.run([str(PYTHON), "-c", setup], cwd=ROOT, env=env,
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            sys.exit(f"setting up the site failed:\n{done.stderr[-3000:]}")
        out = done.stdout
        urls, link_slug = json.loads(out.strip().splitlines()[-1])
        pages = [urls["article"], urls["heavy"], urls["tag"], *PAGES]

        print("== 1. REDIS_URL points at a port where nothing listens")
        site = Site({**env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
        sites.append(site)
        site.start()
        for page in pages:
            status, _ = site.request("GET", page)
            print(f"   {status} {page}")
            if status != 200:
                failures.append(f"wrong REDIS_URL: {page} answered {status}")
        form = comment_form(site, urls["article"])
        time.sleep(3.2)  # a reader's typing time: past the 3-second rule
        status = site.request("POST", form[0], {**form[1], "name": "Ada", "email":
                              "ada@example.org", "body": "Posted while Redis is away."},
                              {"Origin": f"http://127.0.0.1:{site.port}"})[0]  # fmt: skip
        print(f"   {status} comment posted")
        if status != 303:
            failures.append(f"wrong REDIS_URL: comment answered {status}")
        site.stop()

        print("== 2. Redis stopped and started again while readers load pages")
        site = Site({**env, "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0"})
        sites.append(site)
        site.start()
        statuses: dict[int, int] = {}
        stop = threading.Event()

        def reader(offset: int) -> None:
            number = offset
            while not stop.is_set():
                status, _ = site.request("GET", pages[number % len(pages)])
                statuses[status] = statuses.get(status, 0) + 1
                number += 1

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 4)
        redis.kill()
        print("   redis-server killed")
        time.sleep(args.seconds / 4)
        redis.start()
        print("   redis-server started again")
        time.sleep(args.seconds / 4)
        stop.set()
        for thread in threads:
            thread.join()
        print(f"   responses by status: {statuses}")
        if set(statuses) != {200}:
            failures.append(f"Redis outage: statuses {statuses}")

        print("== 3. PostgreSQL restarted (twice) while readers comment and click")
        acknowledged_comments: list[str] = []
        acknowledged_clicks = [0]
        failed = {"comments": 0, "clicks": 0}
        lock = threading.Lock()
        stop = threading.Event()

        def commenter(number: int) -> None:
            sequence = 0
            while not stop.is_set():
                form = comment_form(site, urls["article"])
                if form is None:
                    time.sleep(0.2)
                    continue
                time.sleep(3.1)
                body = f"Fault-test comment {number}-{sequence}, kept if acknowledged."
                sequence += 1
                status, _ = site.request("POST", form[0], {**form[1], "name": f"Reader {number}",
                                         "email": f"r{number}@example.org", "body": body},
                                         {"Origin": f"http://127.0.0.1:{site.port}"})  # fmt: skip
                with lock:
                    if status == 303:
                        acknowledged_comments.append(body)
                    else:
                        failed["comments"] += 1

        def clicker(number: int) -> None:
            sequence = 0
            while not stop.is_set():
                agent = f"Mozilla/5.0 (reader {number}-{sequence})"
                sequence += 1
                status, _ = site.request("GET", f"/go/{link_slug}/", headers={"User-Agent": agent})
                with lock:
                    if status == 302:
                        acknowledged_clicks[0] += 1
                    else:
                        failed["clicks"] += 1
                time.sleep(0.02)

        threads = [threading.Thread(target=commenter, args=(n,)) for n in range(6)]
        threads += [threading.Thread(target=clicker, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for _ in range(2):
            time.sleep(args.seconds / 3)
            postgres.ctl("restart")
            print("   PostgreSQL restarted")
        time.sleep(args.seconds / 3)
        stop.set()
        for thread in threads:
            thread.join()
        check = (
            "import django, json; django.setup();"
            "from django.db.models import Sum;"
            "from comments.models import Comment;"
            "from affiliates.models import DailyClicks, DiscardedClicks;"
            "bodies = list(Comment.objects.filter(body__startswith='Fault-test')"
            ".values_list('body', flat=True));"
            "clicks = (DailyClicks.objects.aggregate(n=Sum('clicks'))['n'] or 0)"
            " + (DiscardedClicks.objects.aggregate(n=Sum('clicks'))['n'] or 0);"
            "print(json.dumps([bodies, clicks]))"
        )
        out = subprocess.run([str(PYTHON), "-c", check], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        stored, clicks = json.loads(out.strip().splitlines()[-1])
        lost = set(acknowledged_comments) - set(stored)
        print(f"   comments acknowledged {len(acknowledged_comments)}, stored {len(stored)}, "
              f"lost {len(lost)}, refused with an error {failed['comments']}")  # fmt: skip
        print(f"   clicks redirected {acknowledged_clicks[0]}, counted {clicks}, "
              f"answered with an error {failed['clicks']}")  # fmt: skip
        if lost:
            failures.append(f"{len(lost)} acknowledged comments lost")
        if clicks < acknowledged_clicks[0]:
            failures.append(f"{acknowledged_clicks[0] - clicks} redirected clicks not counted")
    finally:
        for site in sites:
            site.stop()
        redis.kill()
        postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("OK: nothing acknowledged was lost; every page answered while Redis was away.")


if __name__ == "__main__":
    main()
