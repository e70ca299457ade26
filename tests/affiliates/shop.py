"""A small shop on 127.0.0.1 for the link checker's tests (never the internet)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Shop(BaseHTTPRequestHandler):
    """/ok, /missing (404), /no-head (405 to HEAD), /moved → /ok, /loop → /loop, /slow,
    /to-ftp → ftp://…, /to-metadata → the cloud metadata address."""

    release = threading.Event()
    seen: list[tuple[str, str]] = []

    def answer(self, method: str) -> None:
        self.seen.append((method, self.path))
        if self.path == "/slow":
            self.release.wait(10)  # until the test is over: the checker must give up first
        if self.path == "/missing":
            self.send_response(404)
        elif self.path == "/no-head" and method == "HEAD":
            self.send_response(405)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/file")
        elif self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")

    def log_message(self, *args):
        pass


@contextmanager
def serving() -> Iterator[str]:
    """The shop's address while it runs; slow requests are released when it stops."""
    Shop.release.clear()
    Shop.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Shop)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        Shop.release.set()
        server.shutdown()
        server.server_close()
