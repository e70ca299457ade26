"""`make bench`: the site under gunicorn as production runs it, measured with wrk.

    .venv/bin/python bench/serve.py [--rounds 3] [--seconds 3] [--only sqlite|postgres]

For each stack — SQLite with the local-memory cache, and PostgreSQL + Redis (127.0.0.1) — it
builds the bench site (bench/sample_site.py: the demo plus the heavy article) in a scratch database,
runs `collectstatic`, and starts gunicorn with `deploy/gunicorn.conf.py` (2 sync workers)
three times: with the page cache; with `PAGE_CACHE=0` (the page cache off, the article's
fragments and row kept, as in production after a change elsewhere on the site); and with
`PAGE_CACHE=0 PAGE_FRAGMENTS=0` ("nothing kept": every page built from the database, shown
for comparison, not a target). nginx (Debian's) serves a static file and
runs the micro-cache of `deploy/nginx.conf` in front of the cached gunicorn. Then wrk
(8 connections, 1 thread) measures every target in interleaved rounds, so load from anything
else on the machine hits all targets alike. It prints req/s, p50 and p99 (medians over the
rounds), SQL queries per page, the target ratios of issue 10, and gunicorn worker RSS after
1,000 and 10,000 requests. wrk and nginx are installed with apt-get when missing (as root).
Everything listens on 127.0.0.1 and is stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/broadsheet_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
CONNECTIONS = 8


def ensure_tools() -> None:
    """wrk and nginx from Debian, as .ci/run installs chromium."""
    missing = [name for name in ("wrk", "nginx") if not shutil.which(name)]
    missing = [name for name in missing if not Path(f"/usr/sbin/{name}").exists()]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"bench needs {', '.join(missing)}: apt-get install {' '.join(missing)}")
    print(f"== installing {' '.join(missing)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


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


@dataclass
class Stack:
    name: str
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    masters: dict[str, subprocess.Popen] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)

    def manage(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(PYTHON), "manage.py", *args], cwd=ROOT, env=self.env, check=True, **kwargs
        )

    def prepare(self) -> None:
        print(f"== {self.name}: migrate, build the bench site, collectstatic", flush=True)
        self.manage("migrate", "--noinput", stdout=subprocess.DEVNULL)
        script = (
            "import json, django; django.setup();"
            "from bench import sample_site; print(json.dumps(sample_site.build()))"
        )
        out = subprocess.run(
            [str(PYTHON), "-c", script], cwd=ROOT, env=self.env, check=True,
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        import json

        self.urls = json.loads(out.strip().splitlines()[-1])
        self.manage("collectstatic", "--noinput", stdout=subprocess.DEVNULL)
        self.queries = self.count_queries()

    def count_queries(self) -> dict[str, int]:
        """SQL per page: rendered (page cache off), served from the cache, and built with
        nothing kept (fragments off too)."""
        script = f"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.conf import settings
urls = {self.urls!r}
out = {{}}
client = Client()
for name, url in urls.items():
    client.get(url); client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).status_code == 200
    settings.PAGE_CACHE["ENABLED"] = False
    client.get(url)
    with CaptureQueriesContext(connection) as rendered:
        client.get(url)
    settings.PAGE_CACHE["FRAGMENTS"] = False
    with CaptureQueriesContext(connection) as nothing_kept:
        client.get(url)
    settings.PAGE_CACHE.update(ENABLED=True, FRAGMENTS=True)
    out[name] = [len(rendered), len(cached), len(nothing_kept)]
print(json.dumps(out))
"""
        env = {**self.env, "ALLOWED_HOSTS": "testserver"}
        out = subprocess.run(
            [str(PYTHON), "-c", script], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        import json

        return json.loads(out.strip().splitlines()[-1])

    def start_gunicorn(self, label: str, **extra: str) -> int:
        port = free_port()
        env = {**self.env, **extra, "GUNICORN_BIND": f"127.0.0.1:{port}",
               "GUNICORN_WORKERS": "2", "GUNICORN_MAX_REQUESTS": "0"}  # fmt: skip
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        self.masters[label] = process
        wait_for(port)
        self.ports[label] = port
        return port

    def stop(self) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(10)


def workers_of(master_pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in out.split()]


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status)[1])


def hammer(port: int, path: str, count: int) -> None:
    """``count`` sequential keep-alive GETs (enough to spread over both workers)."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(count):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.will_close:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.close()


def start_nginx(stack: Stack, static_root: Path, workdir: Path) -> int:
    """Debian's nginx with deploy/nginx.conf's static and micro-cache rules, plain HTTP."""
    port = free_port()
    cache = workdir / "nginx-cache"
    cache.mkdir(parents=True, exist_ok=True)
    conf = workdir / "nginx.conf"
    conf.write_text(f"""
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi; uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream broadsheet {{ server 127.0.0.1:{stack.ports["cached"]}; keepalive 16; }}
    proxy_cache_path {cache} levels=1:2 keys_zone=broadsheet_pages:10m max_size=64m
                     inactive=10m use_temp_path=off;
    map $http_cookie $broadsheet_personal {{
        default 1; "" 0; "~^\\s*csrftoken=[^;]*\\s*$" 0;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /static/ {{
            alias {static_root}/;
            gzip_static on;
            add_header Cache-Control "public, max-age=31536000, immutable" always;
            add_header X-Content-Type-Options "nosniff" always;
        }}
        location / {{
            proxy_pass http://broadsheet;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_cache broadsheet_pages;
            proxy_cache_key $scheme$host$request_uri;
            proxy_cache_bypass $broadsheet_personal $http_authorization;
            proxy_no_cache $broadsheet_personal $http_authorization;
            proxy_cache_lock on;
            proxy_cache_use_stale updating error timeout http_502 http_503;
            proxy_cache_revalidate on;
            add_header X-Micro-Cache $upstream_cache_status always;
        }}
    }}
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-c", str(conf), "-p", str(workdir)], check=True)
    wait_for(port)
    return port


def stop_nginx(workdir: Path) -> None:
    pid_file = workdir / "nginx.pid"
    if pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGQUIT)


@dataclass
class Result:
    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)


def wrk(url: str, seconds: int) -> tuple[float, float, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])

    def latency(pct: str) -> float:
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    if re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        raise RuntimeError(f"{url}: errors\n{out}")
    return rps, latency("50"), latency("99")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    ensure_tools()
    workdir = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    workdir.chmod(0o755)  # nginx's workers (www-data) read the collected static files
    base = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "PAGE_CACHE"):
        base.pop(name, None)
    stacks = []
    if args.only in (None, "sqlite"):
        var = workdir / "sqlite"
        stacks.append(Stack("SQLite", {**base, "BROADSHEET_VAR_DIR": str(var),
                                       "STATIC_ROOT": str(var / "static")}))  # fmt: skip
    if args.only in (None, "postgres"):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists",
                        "broadsheet_bench"], check=True)  # fmt: skip
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "broadsheet_bench"],
                       check=True)  # fmt: skip
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=True, capture_output=True)
        var = workdir / "postgres"
        stacks.append(Stack("PostgreSQL+Redis", {
            **base, "BROADSHEET_VAR_DIR": str(var), "STATIC_ROOT": str(var / "static"),
            "DATABASE_URL": POSTGRES_URL, "REDIS_URL": REDIS_URL,
        }))  # fmt: skip
    try:
        for stack in stacks:
            run_stack(stack, args, workdir / stack.name.lower().replace("+", "-"))
    finally:
        for stack in stacks:
            stack.stop()
            stop_nginx(workdir / stack.name.lower().replace("+", "-"))


def run_stack(stack: Stack, args, workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    stack.prepare()
    static_root = Path(stack.env["STATIC_ROOT"])
    stylesheet = next((static_root / "css").glob("site.*.css"))
    stylesheet = f"/static/css/{stylesheet.name}"
    cached = stack.start_gunicorn("cached")
    rendered = stack.start_gunicorn("uncached", PAGE_CACHE="0")
    built = stack.start_gunicorn("nothing kept", PAGE_CACHE="0", PAGE_FRAGMENTS="0")
    nginx = start_nginx(stack, static_root, workdir)
    g = f"http://127.0.0.1:{cached}"
    targets = {
        "nginx static file": f"http://127.0.0.1:{nginx}{stylesheet}",
        "WhiteNoise static file": f"{g}{stylesheet}",
        "minimal Django view (robots.txt)": f"{g}/robots.txt",
        "article, nginx micro-cache": f"http://127.0.0.1:{nginx}{stack.urls['article']}",
        "article, page cache": f"{g}{stack.urls['article']}",
        "article, PAGE_CACHE=0": f"http://127.0.0.1:{rendered}{stack.urls['article']}",
        "heavy article, page cache": f"{g}{stack.urls['heavy']}",
        "heavy article, PAGE_CACHE=0": f"http://127.0.0.1:{rendered}{stack.urls['heavy']}",
        "home, page cache": f"{g}/",
        "home, PAGE_CACHE=0": f"http://127.0.0.1:{rendered}/",
        "tag, page cache": f"{g}{stack.urls['tag']}",
        "tag, PAGE_CACHE=0": f"http://127.0.0.1:{rendered}{stack.urls['tag']}",
        "article, nothing kept": f"http://127.0.0.1:{built}{stack.urls['article']}",
        "heavy article, nothing kept": f"http://127.0.0.1:{built}{stack.urls['heavy']}",
    }
    for url in targets.values():  # warm every cache, check every URL answers
        hammer(int(url.split(":")[2].split("/")[0]), "/" + url.split("/", 3)[3], 20)
    results = {name: Result() for name in targets}
    print(f"== {stack.name}: {args.rounds} interleaved rounds of {args.seconds} s per target",
          flush=True)  # fmt: skip
    for _ in range(args.rounds):
        for name, url in targets.items():
            rps, p50, p99 = wrk(url, args.seconds)
            results[name].rps.append(rps)
            results[name].p50.append(p50)
            results[name].p99.append(p99)
    report(stack, targets, results)
    memory(stack, cached)


def page_of(name: str) -> str | None:
    for key, page in (("heavy", "heavy"), ("article", "article"), ("home", "home"),
                      ("tag", "tag")):  # fmt: skip
        if name.startswith(key):
            return page
    return None


def report(stack: Stack, targets, results) -> None:
    median = {name: statistics.median(result.rps) for name, result in results.items()}
    print(f"\n### {stack.name} (gunicorn 2 sync workers, wrk -c{CONNECTIONS}, medians)\n")
    print("| target | req/s | p50 ms | p99 ms | SQL |")
    print("|---|---:|---:|---:|---:|")
    for name, result in results.items():
        page = page_of(name)
        sql = "0"
        if page and "nothing kept" in name:
            sql = str(stack.queries[page][2])
        elif page and "PAGE_CACHE=0" in name:
            sql = str(stack.queries[page][0])
        elif page and "micro-cache" not in name:
            sql = str(stack.queries[page][1])
        print(f"| {name} | {median[name]:,.0f} | {statistics.median(result.p50):.2f} | "
              f"{statistics.median(result.p99):.2f} | {sql} |")  # fmt: skip
    ceiling = median["WhiteNoise static file"]
    ratios = [
        ("cached article / WhiteNoise file", median["article, page cache"] / ceiling, 0.9),
        ("nginx micro-cache article / nginx file",
         median["article, nginx micro-cache"] / median["nginx static file"], 0.5),
        ("PAGE_CACHE=0 article / WhiteNoise file", median["article, PAGE_CACHE=0"] / ceiling, 0.2),
        ("PAGE_CACHE=0 heavy / plain article req/s (heavy within 2x)",
         median["heavy article, PAGE_CACHE=0"] / median["article, PAGE_CACHE=0"], 0.5),
    ]  # fmt: skip
    print("\n| ratio | value | target | |\n|---|---:|---:|---|")
    for label, value, target in ratios:
        verdict = "ok" if value >= target else "MISSED"
        print(f"| {label} | {value:.2f} | ≥ {target} | {verdict} |")
    nothing_kept = median["article, nothing kept"] / ceiling
    print(f"| nothing kept: article / WhiteNoise file | {nothing_kept:.2f} | (not a target) | |")


def memory(stack: Stack, port: int) -> None:
    """Worker RSS after 1,000 and after 10,000 requests: the four pages from the cache, and
    every fifth request rendered (an unknown query parameter is answered but not stored)."""
    master = stack.masters["cached"]
    paths = [stack.urls["article"], stack.urls["heavy"], "/", stack.urls["tag"]]
    paths += [f"{stack.urls['article']}?utm_source=bench"]
    readings = {}
    done = 0
    for target in (1000, 10000):
        count = (target - done) // 4
        threads = [
            threading.Thread(target=hammer_mix, args=(port, paths, count, offset))
            for offset in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done = target
        readings[target] = {pid: rss_kb(pid) for pid in workers_of(master.pid)}
    print("\n| worker | RSS after 1,000 | RSS after 10,000 | growth |\n|---|---:|---:|---:|")
    for pid in readings[1000]:
        before, after = readings[1000][pid], readings[10000].get(pid, 0)
        print(f"| {pid} | {before / 1024:.1f} MB | {after / 1024:.1f} MB | "
              f"{(after - before) / before * 100:+.1f} % |")  # fmt: skip
    print(flush=True)


def hammer_mix(port: int, paths: list[str], count: int, offset: int) -> None:
    for number in range(count):
        hammer(port, paths[(number + offset) % len(paths)], 1)


if __name__ == "__main__":
    main()
