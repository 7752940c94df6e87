"""Browser fixtures: build the site into a temporary project, serve it under a sub-path on 127.0.0.1, drive
Debian's Chromium through Playwright (never a downloaded browser), and watch every request and console message.

Skips, with the reason, when /usr/bin/chromium or Playwright is missing.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = ROOT / "tests" / "output"
PREFIX = "/briefing/"  # the site is served under a sub-path, as on a project page


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under PREFIX; a missing page gets the site's 404 page with status 404."""

    site: Path

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(PREFIX):
            return str(self.site / "\0outside")  # never exists: 404
        return super().translate_path("/" + path[len(PREFIX):])

    def send_error(self, code, message=None, explain=None):
        page = self.site / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A local HTTP server for the site (the folder is filled by the `site` fixture)."""
    root = tmp_path_factory.mktemp("browser-project")
    handler = type("Handler", (SubPathHandler,), {"site": root / "site"})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root / "site")))
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield {"root": root, "origin": f"http://{host}:{port}", "base": f"http://{host}:{port}{PREFIX}"}
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def site(server):
    """The default briefing (sources/) generated and built in a temporary project, as a user would."""
    import yaml

    project: Path = server["root"]
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(ROOT / "sources", project / "sources")
    # Published under the sub-path: site.url in briefing.yml reaches the feed and, through the theme's MkDocs
    # hook, the 404 page.
    config = yaml.safe_load((ROOT / "briefing.yml").read_text(encoding="utf-8"))
    config.setdefault("site", {})["url"] = server["base"]
    (project / "briefing.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_SITE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run([sys.executable, "-m", "generator", "site", "-q"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return {**server, "site": project / "site", "content": project / "content"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """Every request the page makes, and every console error or uncaught exception."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def on_request(self, request) -> None:
        self.requests.append(request.url)

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def on_console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error) -> None:
        self.errors.append(f"uncaught: {error}")


def open_page(browser, site, width: int = 1280, height: int = 900):
    watch = Watch(site["origin"])
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("request", watch.on_request)
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    return context, page, watch


@pytest.fixture
def page(browser, site):
    """A desktop-sized page; after the test, no console error and no request that left the local server."""
    context, page, watch = open_page(browser, site)
    page.watch = watch
    yield page
    context.close()
    assert watch.foreign == [], f"requests to other hosts: {watch.foreign}"
    assert watch.errors == [], "\n".join(watch.errors)


@pytest.fixture(scope="session")
def output() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
