"""Running a notebook's code cells in a sandbox worker, cell by cell, with limits.

No Jupyter kernel: the cells run in a worker forked from the sandbox zygote (numpy is
already imported there). Each cell has its own wall-time limit; an exception, a
`sys.exit` or a time-out fails that cell only and the next cell runs. A worker that dies
(time-out, crash, memory) is replaced by a fresh one into which the cells that had
completed are replayed, and execution goes on. The whole submission also has a wall-time
budget, a deadline that every request to the worker honours (cells, replays, and later the
value reads and function checks): cells past it are skipped with a message.

Only the instructor's own cells are skipped: nbgrader test cells (grade and not solution),
whose checks the grader runs itself in the trusted process. IPython magics and shell
escapes (`%matplotlib`, `!pip`) are removed, as there is no IPython here.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from .submissions import Cell, Notebook

MAGIC = re.compile(r"^(\s*)([%!].*)$", re.M)


@dataclass
class CellOutcome:
    index: int
    status: str              # ok | error | exit | timeout | crash | skipped
    message: str = ""
    seconds: float = 0.0


@dataclass
class Execution:
    """What running the notebook did; `sandbox` stays open for reading values."""
    sandbox: object = None
    outcomes: list[CellOutcome] = field(default_factory=list)
    restarts: int = 0
    loaded_sources: list[tuple[str, bool]] = field(default_factory=list)   # (code, completed)
    problem: str = ""           # infrastructure trouble (no sandbox at all)

    def failed(self) -> list[CellOutcome]:
        return [o for o in self.outcomes if o.status not in ("ok", "skipped")]

    def source(self) -> str:
        """The notebook's code as one module (for the numeric checker): cells that completed as
        they are, cells that raised wrapped so that their error does not stop the rest; cells
        that timed out or crashed left out."""
        parts = []
        for code, completed in self.loaded_sources:
            if completed:
                parts.append(code)
            else:
                parts.append(f"try:\n    exec(compile({code!r}, '<cell>', 'exec'), globals())\n"
                             "except BaseException:\n    pass")
        return "\n\n".join(parts)

    def close(self):
        if self.sandbox is not None:
            self.sandbox.close()
            self.sandbox = None


def runnable(cell: Cell) -> bool:
    if cell.kind != "code" or not cell.source.strip():
        return False
    return not (cell.grade and not cell.solution)      # an instructor's test cell


def clean(source: str) -> str:
    """Comment out IPython magics and shell escapes (there is no IPython in the worker)."""
    return MAGIC.sub(lambda m: f"{m.group(1)}pass  # {m.group(2)}", source)


def run_notebook(nb: Notebook, zygote, limits, cell_seconds: float = 10.0,
                 total_seconds: float = 60.0, deadline: float | None = None,
                 student_id: str | None = None) -> Execution:
    """Run the notebook's cells; `deadline` (time.monotonic()) is the submission's, default
    `total_seconds` from now. The returned sandbox keeps that deadline. `student_id` is put
    in the worker's environment, where the notebook's setup cell reads it to draw the
    student's own inputs (autograder/value_seed.py)."""
    from autograder.sandbox import (CallTimeout, ReplyRejected, Sandbox, SandboxError, SandboxUnavailable,
                                    StudentExit, WorkerCrashed)

    ex = Execution()
    good: list[tuple[str, str, bool]] = []   # (source, filename, completed) of cells replayed
    if deadline is None:
        deadline = time.monotonic() + total_seconds
    if student_id is not None:          # before any cell, and again in every replacement worker
        from autograder.value_seed import ENV_VARIABLE
        good.append((f"__import__('os').environ[{ENV_VARIABLE!r}] = {student_id!r}\n",
                     "<student id>", True))

    def fresh():
        if ex.sandbox is not None:
            ex.sandbox.close()
        ex.sandbox = Sandbox(limits=limits, zygote=zygote, deadline=deadline)
        for src, fname, _ in good:           # replay what had completed, within the same budget
            try:
                ex.sandbox.load_source(src, fname, timeout=cell_seconds)
            except (CallTimeout, WorkerCrashed, ReplyRejected) as e:
                ex.sandbox.close()
                ex.sandbox = Sandbox(limits=limits, zygote=zygote, deadline=deadline)
                if e.details.get("budget"):       # the submission's time is up: nothing more runs
                    break
            except SandboxError:
                pass

    try:
        fresh()
    except SandboxUnavailable as e:
        ex.problem = e.message
        return ex
    for cell in nb.cells:
        if not runnable(cell):
            continue
        left = deadline - time.monotonic()
        if left <= 0.05:
            ex.outcomes.append(CellOutcome(cell.index, "skipped",
                                           f"not run: the notebook used up its {total_seconds:g} s"))
            continue
        src, fname = clean(cell.source), f"<cell {cell.index + 1}>"
        t0 = time.monotonic()
        try:
            ex.sandbox.load_source(src, fname, timeout=min(cell_seconds, left))
            ex.outcomes.append(CellOutcome(cell.index, "ok", seconds=time.monotonic() - t0))
            good.append((src, fname, True))
        except SandboxUnavailable as e:
            ex.problem = e.message
            ex.outcomes.append(CellOutcome(cell.index, "crash", e.message))
            break
        except (CallTimeout, WorkerCrashed, ReplyRejected) as e:
            # a rejected reply means the cell wrote on the worker's channel itself: the worker
            # was stopped, and the cell is left out of what is replayed, like a crash
            kind = "timeout" if isinstance(e, CallTimeout) else "crash"
            msg = (f"cell {cell.index + 1} ran longer than {min(cell_seconds, left):g} s and was stopped"
                   if kind == "timeout" else f"cell {cell.index + 1}: {e.message}")
            ex.outcomes.append(CellOutcome(cell.index, kind, msg, time.monotonic() - t0))
            ex.restarts += 1
            try:
                fresh()
            except SandboxUnavailable as e2:
                ex.problem = e2.message
                break
        except StudentExit as e:
            ex.outcomes.append(CellOutcome(cell.index, "exit",
                                           f"cell {cell.index + 1} called sys.exit(); the rest of it did not run",
                                           time.monotonic() - t0))
            good.append((src, fname, False))
        except SandboxError as e:
            tb = e.details.get("traceback", "") if hasattr(e, "details") else ""
            last = tb.strip().splitlines()[-1] if tb.strip() else e.message
            head, sep, rest = last.partition(":")
            if "MemoryError" in head:      # numpy's is numpy._core._exceptions._ArrayMemoryError
                last = f"MemoryError{sep}{rest} (a worker may use at most {limits.address_space >> 20} MB of memory)"
            ex.outcomes.append(CellOutcome(cell.index, "error", f"cell {cell.index + 1} raised {last}",
                                           time.monotonic() - t0))
            good.append((src, fname, False))       # its definitions before the error still count
    ex.loaded_sources = [(s, done) for s, _, done in good]
    return ex
