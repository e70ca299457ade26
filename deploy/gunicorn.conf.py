"""gunicorn settings for Broadsheet: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Sync workers, one per core: a cached page takes well under a millisecond of Python, a
rendered one a few milliseconds, and nothing waits on slow clients because nginx buffers
them (deploy/nginx.conf). Values come from the environment so one file serves every host.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "sync"
# Recycle workers now and then (with jitter, so they don't restart together): a bound on any
# slow growth in memory, at no cost to throughput.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # behind nginx's upstream keepalive
# Load the app before forking: workers share its memory pages and start faster.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", None)  # nginx logs requests already
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
