"""The instructor's page for a class: the score distribution, the questions most often
wrong with their most common diagnoses, and a link to each student's report.

Written as <feedback>/index.html beside the students' folders, under the same rules as a
student's page (report.page): one self-contained file, its plot a data: URI, no request
of any kind. Unlike a student's page it may show a diagnosis in detail
(the catalogue key of a mistake, the paths missing from a gradient): it is for the
instructor only.
"""
from __future__ import annotations

import html
import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from . import pictures
from .report import page

TOP_DIAGNOSES = 3
WRONG_GRADIENT = 1e-6      # a returned gradient whose relative error is above this is wrong


def _h(text) -> str:
    return html.escape(str(text))


def _qid(test: dict) -> str:
    return str(test.get("number") or test["name"])


def diagnoses(details: dict, test: dict) -> list[str]:
    """What went wrong on one question of one student, as short labels that group alike
    mistakes across the class."""
    d = details.get("diagnosis") if isinstance(details, dict) else None
    d = d if isinstance(d, dict) else {}
    labels: list[str] = []
    if d.get("mistake"):
        words = d.get("messages") or [""]
        labels.append(f"{d['mistake']}: {words[0]}".rstrip(": "))
    elif d.get("explained_by_terms"):
        for term in d.get("terms", []):
            c = term.get("coefficient")
            if c != 1:
                labels.append(f"path through {term.get('via')}: coefficient {c:g}"
                              if isinstance(c, (int, float)) else f"path through {term.get('via')}")
    elif details.get("kind") in ("code", "function"):
        for function, fd in d.items():
            if not isinstance(fd, dict):
                continue
            if fd.get("failure"):
                failure = fd["failure"]
                kind = failure.get("kind", "error") if isinstance(failure, dict) else "error"
                labels.append(f"{function}: {kind}")
                continue
            wrong = [name for name, err in (fd.get("relative_errors") or {}).items()
                     if isinstance(err, (int, float)) and not err <= WRONG_GRADIENT]
            if wrong:
                labels.append(f"{function}: wrong {', '.join(wrong)}")
    elif isinstance(d.get("messages"), list):
        labels += [str(m) for m in d["messages"][:2] if isinstance(m, str)]
    if not labels:       # no diagnosis: the first line the student read
        first = next((ln.strip() for ln in str(test.get("output") or "").splitlines() if ln.strip()), "")
        labels.append(first[:160] or "no diagnosis")
    return labels


def question_table(results: list[dict]) -> list[dict]:
    """One row per question that someone got wrong, most often wrong first."""
    graded = [r for r in results if not r.get("extra_data", {}).get("error")]
    rows: dict[str, dict] = {}
    for r in graded:
        questions = r.get("extra_data", {}).get("questions", {})
        for t in r["tests"]:
            row = rows.setdefault(_qid(t), {"question": _qid(t), "title": t["name"], "max_score": t["max_score"],
                                            "wrong": 0, "scores": [], "diagnoses": Counter()})
            row["scores"].append(t["score"])
            if t["status"] == "failed":
                row["wrong"] += 1
                row["diagnoses"].update(set(diagnoses(questions.get(_qid(t), {}), t)))
    out = [row for row in rows.values() if row["wrong"]]
    return sorted(out, key=lambda row: -row["wrong"])


def histogram_svg(percents: list[float]) -> str:
    """Students per tenth of the points, as an SVG bar chart."""
    from autograder.numeric.plots import svg_document, svg_text

    bins = [0] * 10
    for p in percents:
        bins[min(max(int(p // 10), 0), 9)] += 1
    left, top, width, height = 44, 12, 400, 150
    most = max(max(bins), 1)
    parts = [f"<rect x='{left}' y='{top}' width='{width}' height='{height}' fill='none' stroke='#888'/>"]
    step = max(1, -(-most // 5))
    for n in range(0, most + 1, step):
        y = top + height * (1 - n / most)
        parts.append(f"<line x1='{left - 4}' x2='{left + width}' y1='{y:g}' y2='{y:g}' stroke='#eee'/>")
        parts.append(svg_text(left - 6, y + 4, n, anchor="end"))
    for k, n in enumerate(bins):
        h = height * n / most
        parts.append(f"<rect x='{left + k * 40 + 3}' y='{top + height - h:g}' width='34' height='{h:g}' "
                     f"fill='#4a7ab5'><title>{10 * k}-{10 * k + 10}%: {n}</title></rect>")
    for k in range(11):
        parts.append(svg_text(left + k * 40, top + height + 14, f"{10 * k}"))
    parts.append(svg_text(left + width / 2, top + height + 30, "score (% of the points)"))
    y = top + height / 2
    parts.append(svg_text(12, y, "students", extra=f" transform='rotate(-90 12 {y:g})'"))
    return svg_document(left + width + 12, top + height + 40, parts, "score distribution")


def _link(result: dict, feedback_dir: Path | None) -> str:
    student = result.get("extra_data", {}).get("student_id", "?")
    report = (result.get("extra_data", {}).get("reports") or {}).get("html")
    if not report or feedback_dir is None:
        return f"<code>{_h(student)}</code>"
    href = quote(Path(os.path.relpath(report, feedback_dir)).as_posix())
    return f"<a href='{_h(href)}'><code>{_h(student)}</code></a>"


def to_html(results: list[dict], title: str, feedback_dir: Path | None = None) -> str:
    graded = [r for r in results if not r.get("extra_data", {}).get("error")]
    percents = [100.0 * r["score"] / r["max_score"] if r["max_score"] else 0.0 for r in graded]
    mean = sum(percents) / len(percents) if percents else 0.0
    body = [f"<h1>Class summary: {_h(title)}</h1>",
            f"<p>{len(graded)} of {len(results)} submissions graded; mean score {mean:.1f}% of the points.</p>",
            "<h2>Score distribution</h2>",
            f"<p><img src='{pictures.data_uri(histogram_svg(percents).encode())}' alt='score distribution'></p>"]
    rows = question_table(results)
    body.append("<h2>Questions most often wrong</h2>")
    if rows:
        cells = []
        for row in rows:
            mean_q = sum(row["scores"]) / len(row["scores"])
            common = "".join(f"<li>{_h(label)} <small>({n})</small></li>"
                             for label, n in row["diagnoses"].most_common(TOP_DIAGNOSES))
            cells.append(f"<tr><td><code>{_h(row['question'])}</code><br>{_h(row['title'])}</td>"
                         f"<td>{row['wrong']} of {len(row['scores'])}</td>"
                         f"<td>{mean_q:.2g} / {row['max_score']:g}</td><td><ul>{common}</ul></td></tr>")
        body.append("<table><tr><th>question</th><th>not full marks</th><th>mean</th>"
                    "<th>most common diagnoses (students)</th></tr>" + "".join(cells) + "</table>")
    else:
        body.append("<p>Every graded submission has full marks on every automatically graded question.</p>")
    students = []
    for r in results:
        extra = r.get("extra_data", {})
        lost = [_qid(t) for t in r["tests"] if t["status"] == "failed"]
        note = "not graded" if extra.get("error") else ", ".join(lost) or "-"
        students.append(f"<tr class='{'failed' if extra.get('error') else ''}'><td>{_link(r, feedback_dir)}</td>"
                        f"<td>{r['score']:g} / {r['max_score']:g}</td><td>{_h(note)}</td>"
                        f"<td>{_h(', '.join(extra.get('review', [])) or '-')}</td></tr>")
    body.append("<h2>Students</h2><table><tr><th>student</th><th>score</th><th>not full marks</th>"
                "<th>to review by hand</th></tr>" + "".join(students) + "</table>")
    return page(f"Class summary {title}", body)


def write_class_report(results: list[dict], title: str, feedback_dir) -> Path:
    """Write <feedback_dir>/index.html and make the whole folder durable: the students'
    reports and pictures were written without syncing each file (see outputs.write_atomic)."""
    from .outputs import sync_filesystem, write_atomic

    folder = Path(feedback_dir)
    path = folder / "index.html"
    write_atomic(path, to_html(results, title, folder), durable=False)
    sync_filesystem(folder)
    return path
