"""What a grading process prepares before its submissions, so that none pays it alone: the
sandbox zygote (replaced when it dies) with the modules the assignment's own notebook imports,
the code checkers' mutants, and with reports the report writer."""
from __future__ import annotations

from ..questions.kinds import kind_of
from .submissions import read


class Zygotes:
    """The sandbox zygote of one grading process: started when first needed, and replaced
    when it has died (a new one for the next submission, not a 0 for every later student)."""

    def __init__(self):
        self._zygote = None
        self._preload: tuple[str, ...] = ()

    def get(self, preload: tuple[str, ...] = ()):
        """The zygote, with at least `preload` imported: one started before the assignment
        was known (a warm grading process) is replaced once, by one that imports what every
        assignment graded here so far needs."""
        if self._zygote is not None and not alive(self._zygote):
            self.discard()
        missing = tuple(m for m in preload if m not in self._preload)
        if self._zygote is not None and missing:
            self.discard()
        self._preload += missing
        if self._zygote is None:
            from autograder.sandbox import Zygote
            self._zygote = Zygote(preload=self._preload)
        return self._zygote

    def discard(self) -> None:
        if self._zygote is not None:
            zygote, self._zygote = self._zygote, None
            zygote.close()

    close = discard


def notebook_imports(assignment) -> tuple[str, ...]:
    """The modules the assignment's own notebook imports (the instructor's: trusted), for
    the sandbox zygote to import once rather than every student's worker each time."""
    path = assignment.solution_path
    key = (str(path), path.stat().st_mtime_ns if path.exists() else None)
    if key not in _IMPORTS:
        _IMPORTS[key] = _imports_of(read(path)) if key[1] is not None else ()
    return _IMPORTS[key]


_IMPORTS: dict = {}


def _imports_of(nb) -> tuple[str, ...]:
    import ast

    found = []
    for cell in getattr(nb, "cells", None) or []:
        if cell.kind != "code":
            continue
        source = "\n".join(ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:     # a cell to be filled in: nothing to learn from it
            continue
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [])
            found += [n for n in names if n.split(".")[0] != "autograder" and n not in found]
    return tuple(found)


def alive(zygote) -> bool:
    return zygote.proc.poll() is None


_ZYGOTES: Zygotes | None = None


def process_zygotes() -> Zygotes:
    """The zygotes of a pool process (closed when the process ends)."""
    global _ZYGOTES
    if _ZYGOTES is None:
        from multiprocessing import util
        _ZYGOTES = Zygotes()
        util.Finalize(None, _ZYGOTES.close, exitpriority=10)
    return _ZYGOTES


def close_process_zygotes() -> None:
    if _ZYGOTES is not None:
        _ZYGOTES.close()


def prewarm(asg, options) -> None:
    """Import and make what every grading process needs before forking, so each starts
    warm. `asg` is the loaded assignment (None: it did not load)."""
    import autograder.numeric.grade_py  # noqa: F401
    import autograder.sandbox  # noqa: F401
    if asg is not None and any(kind_of(q).reads_text for q in asg.questions):
        import autograder.expressions.check  # noqa: F401
    if asg is not None:
        _make_mutants(_layouts(asg, options))     # once, rather than once per forked process
    if options.feedback_dir:
        from . import report  # noqa: F401
        from .mathml import latex_to_mathml
        latex_to_mathml("x")        # imports the LaTeX-to-MathML converter (tens of ms) once


def mutants_meanwhile(asg, options) -> None:
    """Make the code checkers' mutants in a thread while this process waits for its sandbox
    zygote to start (a fifth of a second for lstm_numpy, otherwise paid by the first wrong
    backward); a check that needs them before they are made waits for them. The solution is
    loaded here, before the thread starts, so that both threads share the one reference."""
    if asg is None or not any(q.kind == "code" for q in asg.questions) or (asg.id, options.root) in _MEANWHILE:
        return
    _MEANWHILE.add((asg.id, options.root))
    import threading

    layouts = _layouts(asg, options)
    threading.Thread(target=_make_mutants, args=(layouts,), daemon=True, name="mutants").start()


_MEANWHILE: set = set()     # (assignment, root) whose mutants this process has begun to make


def _layouts(asg, options) -> list:
    """The code checkers' layouts, their solutions loaded (those that load)."""
    from autograder.numeric import specs

    out = []
    for checker in sorted({q.checker for q in asg.questions if q.kind == "code"}):
        try:
            layout = specs.get(checker, options.root)
            layout.reference
        except Exception:       # grading says what is wrong with a checker; warming says nothing
            continue
        out.append(layout)
    return out


def _make_mutants(layouts) -> None:
    from autograder.numeric import mutants

    for layout in layouts:
        try:
            for f in layout.functions:
                if not f.is_forward:
                    mutants.made(layout, f)
        except Exception:       # said when a submission is graded, not here
            continue
