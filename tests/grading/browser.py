"""Opening a report in a real headless Chromium (Debian's package) through Playwright, with
the network off: every request that is not the page's own file is blocked and recorded.

`open_browser` skips the calling test, naming the reason, where there is no browser or no
Playwright; Playwright's own browser downloads are never used."""
from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# What the page itself measures once loaded: its formulas, its pictures, and the text a
# reader sees outside verbatim code (a student's own answer is shown there as typed).
MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  const prose = document.body.cloneNode(true);
  prose.querySelectorAll('code, pre').forEach(e => e.remove());
  return {
    maths: [...document.querySelectorAll('math')].map(m => ({
      display: getComputedStyle(m).display, box: box(m),
      namespace: m.namespaceURI, children: m.querySelectorAll('*').length})),
    pictures: [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth,
                                               height: i.naturalHeight, box: box(i)})),
    prose: prose.innerText,
    scripts: document.scripts.length,
  };
}"""


def chromium_path() -> str | None:
    for candidate in (os.environ.get("AUTOGRADER_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass
class Visit:
    measured: dict
    requests: list[str] = field(default_factory=list)      # every request the page made
    blocked: list[str] = field(default_factory=list)       # those that were not the file itself
    console: list[str] = field(default_factory=list)       # console errors and CSP reports


class Browser:
    def __init__(self, context):
        self._context = context

    def visit(self, page_file: Path, screenshot: Path) -> Visit:
        url = page_file.resolve().as_uri()
        visit = Visit(measured={})
        page = self._context.new_page()

        def route(r):                       # the network is off: nothing but the file itself
            if r.request.url != url:
                visit.blocked.append(r.request.url)
                return r.abort()
            return r.continue_()

        page.route("**/*", route)
        page.on("request", lambda req: visit.requests.append(req.url))
        page.on("console", lambda m: visit.console.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: visit.console.append(str(e)))
        page.goto(url, wait_until="load")
        visit.measured = page.evaluate(MEASURE)
        page.screenshot(path=str(screenshot), full_page=True)
        page.close()
        return visit


@contextlib.contextmanager
def open_browser(profile: Path):
    """A fresh headless Chromium (its own profile folder), offline; skips when none exists."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium here (/usr/bin/chromium; Debian: apt-get install chromium, "
                    "or set AUTOGRADER_CHROMIUM)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        try:
            context = p.chromium.launch_persistent_context(
                str(profile), executable_path=executable, headless=True, args=FLAGS, offline=True,
                viewport={"width": 1000, "height": 800})
        except Error as e:
            pytest.skip(f"Chromium at {executable} did not start: {str(e).splitlines()[0]}")
        try:
            yield Browser(context)
        finally:
            context.close()
