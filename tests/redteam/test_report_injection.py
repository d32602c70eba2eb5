"""Hostile text reaching the feedback reports: an answer or an exception message that is
HTML, a Markdown fence breaker, or LaTeX that a renderer would act on (\\href{javascript:...}).
The reports show it as text; only maths the grader printed itself is rendered (MathML in
the HTML page, which runs no script and whose policy forbids every request)."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from . import harness

pytestmark = pytest.mark.redteam("attack")

HOSTILE = r'</code><script>alert(1)</script> ``` <img src=x onerror=alert(1)> $$\href{javascript:alert(1)}{x}$$'


def _reports(tmp_path, zygote, nb):
    path = harness.write(nb, tmp_path / "submissions" / "eve.ipynb")
    options = replace(harness.OPTIONS, feedback_dir=str(tmp_path / "feedback"))
    g = harness.grade(path, zygote, options=options)
    folder = tmp_path / "feedback" / "eve"
    return g, (folder / "feedback.html").read_text(encoding="utf-8"), \
        (folder / "feedback.md").read_text(encoding="utf-8")


def _outside_fences(md: str) -> str:
    """The Markdown with its fenced code blocks removed (they render as text)."""
    out, fence = [], None
    for line in md.splitlines():
        m = re.match(r"^(`{3,})\s*$", line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            out.append(line)
    return "\n".join(out)


def test_hostile_answer_and_exception_message_stay_text(tmp_path, zygote):
    nb = harness.with_answer("answer_grad_Z_t", f'grad_Z_t = r"""{HOSTILE}"""')
    nb = harness.with_cell_after("answer_spectral_radius", f"raise ValueError({HOSTILE!r})")
    nb = harness.with_answer("answer_grad_Z_t", f'grad_Z_t = r"""{HOSTILE}"""', nb=nb)
    g, page, md = _reports(tmp_path, zygote, nb)
    assert g.score("grad_Z_t") == 0 and g.full("grad_H_tm1")
    # HTML: no script at all; no student tag; student LaTeX never turned into maths
    assert "<script" not in page and "<img src=x" not in page and "</code><script>" not in page
    assert "default-src 'none'" in page
    maths = re.findall(r"<math .*?</math>", page, re.S)
    assert all("href" not in m and "javascript" not in m for m in maths)
    # Markdown: outside code blocks, no raw HTML from the student and no math from them
    prose = _outside_fences(md)
    assert "<script" not in prose and "<img" not in prose and "javascript" not in prose.split("## ")[0]
    math = re.findall(r"\$\$(.*?)\$\$", prose, re.S) + re.findall(r"\$([^$]*)\$", prose)
    assert all("href" not in m and "javascript" not in m for m in math)


def test_a_correct_answer_is_still_rendered_as_math(tmp_path, zygote):
    nb = harness.with_answer("answer_grad_Z_t", 'grad_Z_t = r"""\\nabla H_t (1 - H_t^2)"""')
    g, page, md = _reports(tmp_path, zygote, nb)
    assert g.full("grad_Z_t")
    maths = re.findall(r"<math .*?</math>", page, re.S)
    assert maths and any("<mi>H</mi>" in m and "<mi>t</mi>" in m for m in maths)
