"""A student's feedback report, in Markdown and as one self-contained HTML file.

For every question: the score, the student's answer (rendered as an equation when it
parses), the verdict and the diagnosis of a wrong answer in words (never its data), the
numeric checker's pictures.
The checks themselves are named, never shown: no reference is printed unless the spec
says `show_reference`, and hidden inputs and expected values never appear.

The HTML page needs nothing but itself: maths is MathML (rendered by the browser, no
script), pictures are data: URIs, and its Content-Security-Policy forbids every request,
script and font, so it reads the same offline, mailed, or on a course site.
"""
from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from ..questions.kinds import KINDS
from . import mathml, pictures

# Nothing may be fetched or run: styles inline, images only from the page itself.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STYLE = ("body{font-family:sans-serif;max-width:60em;margin:auto;padding:0 1em}"
         "td,th{padding:.2em .8em;text-align:left}.passed{color:#060}.failed{color:#a00}.pending{color:#a60}"
         "pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}math[display=block]{font-size:1.2em}"
         "img{max-width:100%}.math{overflow-x:auto}")

STATUS = {"passed": "correct", "failed": "not full marks", "pending": "pending"}


@functools.lru_cache(maxsize=4096)
def _parsed(answer: str, model_name: str):
    """An answer as the grader parses it, or None. Cached by text, as the verdicts are (a
    class gives the same answer many times)."""
    if not answer or len(answer) > 2000:
        return None
    from ..expressions.check import parsed_before

    known = parsed_before(model_name, answer)
    if known is not None:
        return known
    try:
        from ..expressions.model_vocabulary import vocabulary_for
        from ..expressions.parse import parse_answer
        from ..models import get_model

        return parse_answer(answer, vocabulary_for(get_model(model_name)))
    except Exception:
        return None


@functools.lru_cache(maxsize=4096)
def _printed_expression(expr, model_name: str) -> tuple[str, str]:
    """(LaTeX, MathML) of a parsed answer: answers written differently often parse alike."""
    from .answer_print import answer_latex, answer_mathml

    return answer_latex(model_name, expr), answer_mathml(model_name, expr)


def _printed(answer: str, model_name: str) -> tuple[str, str]:
    """(LaTeX for the Markdown report, MathML for the HTML report) of an answer, or ('', '')
    when it does not parse. Reports always re-print what the grader parsed, never the
    student's own LaTeX (a renderer might honour commands such as \\href{javascript:...})."""
    expr = _parsed(answer, model_name)
    return _printed_expression(expr, model_name) if expr is not None else ("", "")


def _latex(answer: str, model_name: str) -> str:
    return _printed(answer, model_name)[0]


def _mathml(answer: str, model_name: str) -> str:
    return _printed(answer, model_name)[1]


def _md(text) -> str:
    """Student-controlled text in Markdown prose: no raw HTML, no math delimiters (renderers
    that typeset $...$ would act on its LaTeX), one line."""
    return html.escape(str(text), quote=False).replace("\n", " ").replace("`", "'").replace("$", "&#36;")


def _fenced(text: str) -> list[str]:
    """A code block that the text cannot close (a fence longer than any backtick run in it)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, text, fence]


def _diagnosis_words(d: dict, output: str) -> list[str]:
    """What a student reads of a diagnosis: its sentences, never its data. Coefficients,
    term names, catalogue keys and errors name the answer; they stay in the instructor's
    results (extra_data.questions.<id>.diagnosis)."""
    words = d.get("messages") if isinstance(d, dict) else None
    if not isinstance(words, list):
        return []
    return [str(w)[:400] for w in words if isinstance(w, str) and w and w not in (output or "")]


def markdown(result: dict, assignment) -> str:
    extra = result["extra_data"]
    out = [f"# Feedback: {assignment.title}", "",
           f"Student: {_md(extra['student_id'])} — submission {_md(extra.get('submission', ''))}", "",
           f"**Score: {result['score']:g} / {result['max_score']:g}**", ""]
    pending = extra.get("pending", [])
    if pending:
        out += [f"Pending (graded by hand or under review): {', '.join(pending)}", ""]
    if extra.get("problems"):
        out += ["## About the submission", ""] + [f"- {_md(p)}" for p in extra["problems"]] + [""]
    if extra.get("cells"):
        out += ["## Cells that did not run cleanly", ""] + [f"- {_md(c['message'])}" for c in extra["cells"]] + [""]
    out += ["| question | score | status |", "|---|---:|---|"]
    for t in result["tests"]:
        out.append(f"| {t['name']} | {t['score']:g} / {t['max_score']:g} | {STATUS.get(t['status'], t['status'])} |")
    out.append("")
    for t in result["tests"]:
        q = extra.get("questions", {}).get(t.get("number", ""), {})
        out += [f"## {t['name']} — {t['score']:g} / {t['max_score']:g}", ""]
        kind = KINDS.get(q.get("kind"))
        if q.get("answer") and kind is not None and kind.reads_text:
            out += ["Your answer:", "", *_fenced(q["answer"]), ""]
            tex = _latex(q["answer"], assignment.model) if kind.typesets_answer else ""
            if tex:
                out += ["$$", tex, "$$", ""]
        if t["output"]:      # may quote the answer (with a caret under a position): verbatim
            out += [*_fenced(t["output"]), ""]
        words = _diagnosis_words(q.get("diagnosis") or {}, t["output"]) if t["status"] == "failed" else []
        if words:
            out += ["What went wrong:", ""] + [f"- {_md(ln)}" for ln in words] + [""]
        for p in q.get("plots", []):
            out += [f"![{Path(p).stem}]({p})", ""]
    out += ["---", "Checks are named in this report but their inputs and expected values are not shown."]
    return "\n".join(out) + "\n"


def _h(text: str) -> str:
    return html.escape(str(text))


def page(title: str, body: list[str]) -> str:
    """A whole HTML document that needs nothing outside itself."""
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_h(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def to_html(result: dict, assignment, folder: Path | None = None) -> str:
    """The student's page; `folder` holds the pictures to embed (their report folder)."""
    extra = result["extra_data"]
    body = [f"<h1>Feedback: {_h(assignment.title)}</h1>",
            f"<p>Student: <code>{_h(extra['student_id'])}</code> — submission "
            f"<code>{_h(extra.get('submission', ''))}</code></p>",
            f"<p><strong>Score: {result['score']:g} / {result['max_score']:g}</strong></p>"]
    if extra.get("problems"):
        body.append("<h2>About the submission</h2><ul>" +
                    "".join(f"<li>{_h(p)}</li>" for p in extra["problems"]) + "</ul>")
    if extra.get("cells"):
        body.append("<h2>Cells that did not run cleanly</h2><ul>" +
                    "".join(f"<li>{_h(c['message'])}</li>" for c in extra["cells"]) + "</ul>")
    rows = "".join(f"<tr class='{_h(t['status'])}'><td>{_h(t['name'])}</td><td>{t['score']:g} / "
                   f"{t['max_score']:g}</td><td>{_h(STATUS.get(t['status'], t['status']))}</td></tr>"
                   for t in result["tests"])
    body.append(f"<table><tr><th>question</th><th>score</th><th>status</th></tr>{rows}</table>")
    for t in result["tests"]:
        q = extra.get("questions", {}).get(t.get("number", ""), {})
        body.append(f"<h2>{_h(t['name'])} — {t['score']:g} / {t['max_score']:g}</h2>")
        kind = KINDS.get(q.get("kind"))
        if q.get("answer") and kind is not None and kind.reads_text:
            maths = _mathml(q["answer"], assignment.model) if kind.typesets_answer else ""
            body.append(f"<p>Your answer: <code>{_h(q['answer'])}</code></p>")
            if maths:
                body.append(f"<div class='math'>{maths}</div>")
        body.append(f"<pre>{_h(t['output'])}</pre>")
        words = _diagnosis_words(q.get("diagnosis") or {}, t["output"]) if t["status"] == "failed" else []
        if words:
            body.append("<p>What went wrong:</p><ul>" + "".join(f"<li>{_h(x)}</li>" for x in words) + "</ul>")
        for p in q.get("plots", []):
            src = pictures.embedded(folder, p) if folder is not None else None
            if src:
                body.append(f"<p><img src='{src}' alt='{_h(Path(p).stem)}'></p>")
    loose = extra.get("plots") or []      # a .py submission's pictures: not tied to a question
    srcs = [(p, pictures.embedded(folder, p)) for p in loose] if folder is not None else []
    body += [f"<p><img src='{src}' alt='{_h(Path(p).stem)}'></p>" for p, src in srcs if src]
    body.append("<hr><p><small>Checks are named in this report but their inputs and expected values "
                "are not shown.</small></p>")
    return page(f"Feedback {extra['student_id']}", body)


def write_reports(result: dict, assignment, feedback_dir) -> dict:
    """Write <feedback_dir>/<student>/feedback.md and feedback.html; returns their paths."""
    from .outputs import write_atomic

    folder = Path(feedback_dir) / result["extra_data"]["student_id"]
    folder.mkdir(parents=True, exist_ok=True)
    md, html_page = folder / "feedback.md", folder / "feedback.html"
    # whole or not at all; made durable with the whole class (class_report.write_class_report)
    write_atomic(md, markdown(result, assignment), durable=False)
    write_atomic(html_page, to_html(result, assignment, folder), durable=False)
    return {"markdown": str(md), "html": str(html_page)}
