"""The reports as a person opens them: a class graded by the installed command, each
student's page and the class page opened from disk in headless Chromium with the network
off. Nothing may be requested but the file itself, every formula is rendered MathML (not
LaTeX text), every picture is displayed; a screenshot of each page is left in the test's
tmp folder for a person to look at."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from . import browser as browsers
from .browser import open_browser

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "assignments"
RAW_LATEX = re.compile(r"\\(frac|nabla|left|right|sigma|tanh|sum|tilde|\[|\(|begin)|\$\$")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """{assignment: feedback folder} of the bundled samples, graded by `autograder grade`."""
    out = tmp_path_factory.mktemp("reports")
    env = dict(os.environ, AUTOGRADER_ASSIGNMENTS=str(REPO / "assignments"))
    folders = {}
    for aid in ("rnn_bptt", "lstm_univariate"):
        run = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid,
                              str(SAMPLES / aid / "samples"), "--feedback", str(out / aid), "-q"],
                             capture_output=True, text=True, env=env, timeout=600)
        assert run.returncode == 0, run.stderr
        folders[aid] = out / aid
    return folders


def _check_offline(visit, page: Path) -> None:
    url = page.resolve().as_uri()
    assert visit.blocked == [], f"{page} asked for {visit.blocked}"
    assert all(r == url for r in visit.requests), visit.requests
    assert visit.measured["scripts"] == 0
    assert not [m for m in visit.console if "Refused" in m or "Content Security Policy" in m], visit.console


def _check_pictures(visit, page: Path) -> None:
    for picture in visit.measured["pictures"]:
        assert picture["complete"] and picture["width"] > 0 and picture["height"] > 0, (page, picture)
        assert picture["box"][0] > 0 and picture["box"][1] > 0, (page, picture)


def test_student_reports_render_offline(graded, tmp_path):
    pages = sorted(p for folder in graded.values() for p in folder.glob("*/feedback.html"))
    assert len(pages) == 6
    maths = pictures = 0
    with open_browser(tmp_path / "profile") as browser:
        for page in pages:
            shot = tmp_path / f"{page.parent.parent.name}-{page.parent.name}.png"
            visit = browser.visit(page, shot)
            _check_offline(visit, page)
            _check_pictures(visit, page)
            for m in visit.measured["maths"]:
                # rendered by the browser as MathML: its own layout, a box with a size
                assert m["namespace"] == "http://www.w3.org/1998/Math/MathML", (page, m)
                assert "math" in m["display"], (page, m)
                assert m["box"][0] > 0 and m["box"][1] > 0 and m["children"] > 0, (page, m)
            assert not RAW_LATEX.search(visit.measured["prose"]), (page, RAW_LATEX.search(visit.measured["prose"]))
            assert shot.is_file() and shot.stat().st_size > 0
            maths += len(visit.measured["maths"])
            pictures += len(visit.measured["pictures"])
    # the samples have parsed answers and wrong code, so formulas and plots are really shown
    assert maths >= 6 and pictures >= 3


def test_class_page_renders_offline_and_links_every_student(graded, tmp_path):
    with open_browser(tmp_path / "profile") as browser:
        for aid, folder in graded.items():
            page = folder / "index.html"
            shot = tmp_path / f"{aid}-class.png"
            visit = browser.visit(page, shot)
            _check_offline(visit, page)
            _check_pictures(visit, page)
            assert len(visit.measured["pictures"]) == 1          # the score distribution
            assert shot.is_file()
            text = page.read_text(encoding="utf-8")
            for student in folder.glob("*/feedback.html"):
                assert f"href='{student.parent.name}/feedback.html'" in text


def test_the_check_sees_a_request_raw_latex_and_a_missing_picture(tmp_path):
    """The checks above can fail: a page in the old style (a script from a CDN, LaTeX left
    for it to typeset, a picture in a separate file) is caught on each count."""
    page = tmp_path / "old.html"
    page.write_text("<!DOCTYPE html><html><head><script src='https://cdn.invalid/tex.js'></script></head>"
                    "<body><p>\\[\\nabla H_{t}\\]</p><img src='missing.png' alt='plot'></body></html>")
    with open_browser(tmp_path / "profile") as browser:
        visit = browser.visit(page, tmp_path / "old.png")
    assert "https://cdn.invalid/tex.js" in visit.blocked
    assert (tmp_path / "missing.png").as_uri() in visit.blocked       # another file is a request too
    assert RAW_LATEX.search(visit.measured["prose"])
    assert visit.measured["pictures"] and visit.measured["pictures"][0]["width"] == 0


def test_without_a_browser_the_tests_skip_and_say_why(monkeypatch, tmp_path):
    monkeypatch.setattr(browsers, "chromium_path", lambda: None)
    with pytest.raises(pytest.skip.Exception, match="no Chromium here .*apt-get install chromium"):
        with open_browser(tmp_path / "profile"):
            pass
