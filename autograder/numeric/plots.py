"""PNG pictures for feedback: where in time and in which gate a gradient goes wrong.

matplotlib is imported here only, with the Agg backend, when plots are asked for. Each file
is written whole or not at all (a report embeds it; a half-written PNG would be lost)."""
from __future__ import annotations

from pathlib import Path


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def draw(reports, out_dir: str, stem: str) -> list[str]:
    """Draw what the diagnoses hold; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for rep in reports:
        d = rep.diagnosis
        if d.get("pulses"):
            paths.append(str(pulse_heatmap(d["pulses"], out / f"{stem}_{rep.name}_time.png", rep.name)))
        if d.get("gate_blocks"):
            paths.append(str(gate_bars(d["gate_blocks"], out / f"{stem}_{rep.name}_gates.png", rep.name)))
    return paths


def pulse_heatmap(pulses: dict, path: Path, title: str) -> Path:
    """Rows: the step carrying the upstream gradient; columns: steps where dx is wrong."""
    import numpy as np
    plt = _pyplot()
    T = 1 + max([int(t) for t in pulses] + [s for v in pulses.values() for s in v])
    grid = np.zeros((T, T))
    for t, steps in pulses.items():
        grid[int(t), steps] = 1
    fig, ax = plt.subplots(figsize=(4, 3.5))
    ax.imshow(grid, cmap="Reds", vmin=0, vmax=1)
    ax.set_xlabel("step s where dx is wrong")
    ax.set_ylabel("step t of the upstream gradient")
    ax.set_title(title)
    return _save(plt, fig, path)


def gate_bars(blocks: dict, path: Path, title: str) -> Path:
    """Relative error of each gate block (i, f, o, g) for dWx, dWh, db, on a log scale."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 3))
    width = 0.8 / max(len(blocks), 1)
    for k, (grad, errs) in enumerate(blocks.items()):
        xs = [j + k * width for j in range(4)]
        ax.bar(xs, [max(e, 1e-17) for e in errs.values()], width, label=grad)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(4)], list("ifog"))
    ax.set_yscale("log")
    ax.set_ylabel("relative error")
    ax.set_title(title)
    ax.legend()
    return _save(plt, fig, path)


def _save(plt, fig, path: Path) -> Path:
    import io

    from autograder.grading.outputs import write_atomic

    fig.tight_layout()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=80)
    plt.close(fig)
    write_atomic(path, png.getvalue())
    return path
