"""Pictures for feedback: where in time and in which gate a gradient goes wrong.

Drawn as small SVG files by this module itself: a picture costs well under a millisecond,
where matplotlib took 90-350 ms a figure on the grading machine (more than the 10% of
grading time a report may take), and SVG keeps its text sharp at any zoom. Each file is
written whole or not at all; the HTML report embeds it, the Markdown report links it."""
from __future__ import annotations

import html
import math
from pathlib import Path

FONT = "font-family='sans-serif' font-size='11'"
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
FLOOR = 1e-17          # a relative error of 0 drawn at the bottom of the log scale


def draw(reports, out_dir: str, stem: str) -> list[str]:
    """Draw what the diagnoses hold; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for rep in reports:
        d = rep.diagnosis
        if d.get("pulses"):
            paths.append(str(pulse_heatmap(d["pulses"], out / f"{stem}_{rep.name}_time.svg", rep.name)))
        if d.get("gate_blocks"):
            paths.append(str(gate_bars(d["gate_blocks"], out / f"{stem}_{rep.name}_gates.svg", rep.name)))
    return paths


def svg_text(x, y, words, anchor="middle", extra="") -> str:
    return f"<text x='{x:g}' y='{y:g}' text-anchor='{anchor}' {FONT}{extra}>{html.escape(str(words))}</text>"


def svg_document(width: int, height: int, parts: list[str], title: str) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}'><title>{html.escape(title)}</title>"
            f"<rect width='{width}' height='{height}' fill='white'/>" + "".join(parts) + "</svg>\n")


def _ticks(n: int) -> list[int]:
    step = max(1, math.ceil(n / 12))
    return list(range(0, n, step))


def heatmap_svg(pulses: dict, title: str) -> str:
    """Rows: the step carrying the upstream gradient; columns: steps where dx is wrong."""
    T = 1 + max([int(t) for t in pulses] + [int(s) for v in pulses.values() for s in v])
    cell = max(8, min(28, 280 // T))
    left, top = 62, 30
    side = cell * T
    wrong = {(int(t), int(s)) for t, steps in pulses.items() for s in steps}
    parts = [svg_text(left + side / 2, 18, title, extra=" font-weight='bold'")]
    for t in range(T):
        for s in range(T):
            fill = "#c0392b" if (t, s) in wrong else "#fdf2f0"
            parts.append(f"<rect x='{left + s * cell}' y='{top + t * cell}' width='{cell}' height='{cell}' "
                         f"fill='{fill}' stroke='#ddd'/>")
    for k in _ticks(T):
        parts.append(svg_text(left + (k + .5) * cell, top + side + 13, k))
        parts.append(svg_text(left - 5, top + (k + .5) * cell + 4, k, anchor="end"))
    parts.append(svg_text(left + side / 2, top + side + 30, "step s where dx is wrong"))
    y = top + side / 2
    parts.append(svg_text(16, y, "step t of the upstream gradient", extra=f" transform='rotate(-90 16 {y:g})'"))
    return svg_document(left + side + 20, top + side + 42, parts, f"{title}: where in time dx is wrong")


def bars_svg(blocks: dict, title: str) -> str:
    """Relative error of each gate block of the stacked gradients, on a log scale."""
    values = [max(float(e), FLOOR) for errs in blocks.values() for e in errs.values()] or [1.0]
    lo = math.floor(math.log10(min(values)))
    hi = max(math.ceil(math.log10(max(values))), lo + 1)
    left, top, width, height = 56, 28, 240, 170
    gates = list(next(iter(blocks.values())).keys()) if blocks else []
    group = width / max(len(gates), 1)
    bar = 0.8 * group / max(len(blocks), 1)

    def y_of(v: float) -> float:
        return top + height * (1 - (math.log10(max(v, FLOOR)) - lo) / (hi - lo))

    parts = [svg_text(left + width / 2, 16, title, extra=" font-weight='bold'"),
             f"<rect x='{left}' y='{top}' width='{width}' height='{height}' fill='none' stroke='#888'/>"]
    step = max(1, math.ceil((hi - lo) / 6))
    for d in range(lo, hi + 1, step):
        y = y_of(10.0 ** d)
        parts.append(f"<line x1='{left - 4}' x2='{left + width}' y1='{y:g}' y2='{y:g}' stroke='#eee'/>")
        parts.append(svg_text(left - 6, y + 4, f"1e{d}", anchor="end"))
    for j, gate in enumerate(gates):
        parts.append(svg_text(left + (j + .5) * group, top + height + 14, gate))
        for k, errs in enumerate(blocks.values()):
            v = max(float(errs.get(gate, 0.0)), FLOOR)
            x = left + j * group + 0.1 * group + k * bar
            y = y_of(v)
            parts.append(f"<rect x='{x:g}' y='{y:g}' width='{bar:g}' height='{top + height - y:g}' "
                         f"fill='{COLOURS[k % len(COLOURS)]}'><title>{html.escape(f'{gate}: {v:.2g}')}</title></rect>")
    for k, name in enumerate(blocks):
        y = top + 8 + 16 * k
        parts.append(f"<rect x='{left + width + 12}' y='{y}' width='10' height='10' fill='{COLOURS[k % len(COLOURS)]}'/>")
        parts.append(svg_text(left + width + 27, y + 9, name, anchor="start"))
    parts.append(svg_text(left + width / 2, top + height + 30, "gate block"))
    y = top + height / 2
    parts.append(svg_text(14, y, "relative error", extra=f" transform='rotate(-90 14 {y:g})'"))
    return svg_document(left + width + 80, top + height + 40, parts, f"{title}: relative error by gate block")


def pulse_heatmap(pulses: dict, path: Path, title: str) -> Path:
    return _save(heatmap_svg(pulses, title), path)


def gate_bars(blocks: dict, path: Path, title: str) -> Path:
    return _save(bars_svg(blocks, title), path)


def _save(svg: str, path: Path) -> Path:
    from autograder.grading.outputs import write_atomic

    write_atomic(path, svg, durable=False)      # flushed with the class's reports
    return path
