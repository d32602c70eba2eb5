"""A student holds no answer: the released folder (notebook, spec, sealed checks) and the
student install, as pip puts it in a fresh venv, are searched for every graded answer;
the install's commands refuse `reference` and `key`; its local check on the released folder
gives the full grader's verdicts on every sample submission (sealed data, no reference).

Graded answers: each expression question's reference as text, LaTeX and SymPy's other
string forms (srepr aside: nobody writes it); each value question's expected value; the
bodies of the numpy reference functions and of each assignment's support.py (the code that
computes the value answers, the function questions' references and wrong variants)."""
from __future__ import annotations

import inspect
import json
import re
import subprocess
import textwrap

import pytest

from .conftest import ASSIGNMENTS, ROOT, env_without_checkout, student_copy
from autograder.value_seed import value_seed
from .test_same_verdicts import LOCAL, grader_verdicts, samples

pytestmark = pytest.mark.slow


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expression_forms(aid: str) -> dict[str, set[str]]:
    """question id -> the reference's string forms (whitespace removed)."""
    import sympy

    from autograder.derive.printing import to_latex, to_text
    from autograder.derive.references import reference
    from autograder.grading import spec
    from autograder.models import get_model

    asg = spec.load(aid)
    model = get_model(asg.model)
    forms = {}
    for q in asg.questions:
        if q.kind not in ("expression", "derivation"):
            continue
        ref = reference(model, q.target, last_step=q.last_step)
        texts = {to_text(ref), to_latex(model, ref), str(ref), sympy.sstr(ref), sympy.latex(ref),
                 sympy.sstr(sympy.expand(ref)), sympy.sstr(sympy.factor(ref)),
                 sympy.pretty(ref, use_unicode=False)}
        forms[q.id] = {squeeze(t) for t in texts if len(squeeze(t)) >= 6}
    return forms


def value_forms(aid: str) -> dict[str, set[str]]:
    from autograder.grading import spec

    out = {}
    for q in spec.load(aid).questions:
        if q.kind == "value":
            forms = out.setdefault(q.id, set())
            for sid in (None, "alice", "bob"):    # each student's value is their own
                v = float(q.expected_value(value_seed(aid, sid)))
                forms |= {repr(v), f"{v:.6g}", f"{v:.8g}", f"{v:.10g}"}
    return out


def code_forms() -> dict[str, set[str]]:
    """Each reference function: its body, and every expression in it long enough to be
    particular to it (a formula such as np.max(np.abs(np.linalg.eigvals(Wh))))."""
    import ast

    from autograder.grading import spec
    from autograder.grading.course_code import has_code, module
    from autograder.numeric import specs

    out = {}
    modules = []
    for aid in ASSIGNMENTS:
        folder = spec.load(aid).directory
        if has_code(folder):
            modules.append(module(folder))
    funcs = [f for m in modules for f in vars(m).values()
             if inspect.isfunction(f) and f.__module__ == m.__name__]
    trees = [ast.parse(textwrap.dedent(inspect.getsource(f))).body[0] for f in funcs]
    # the numeric references: the functions of the solutions' code answer cells
    for aid in specs.known():
        asg = specs.get(aid)
        pinned = {f.name for f in asg.functions}     # helpers the notebook gives (sigmoid) are no answer
        for cell in asg.reference.__sources__.values():
            trees += [node for node in ast.parse(cell).body
                      if isinstance(node, ast.FunctionDef) and node.name in pinned]
    for tree in trees:
        f = tree
        if "inputs" in f.name:       # the given inputs of an experiment: in the notebook, not an answer
            continue
        body = "".join(ast.unparse(node) for node in tree.body if not isinstance(node, ast.Expr))
        parts = {squeeze(ast.unparse(node)) for node in ast.walk(tree)
                 if isinstance(node, (ast.Call, ast.BinOp, ast.Assign, ast.Return))}
        out[f.name] = {squeeze(body)} | {x for x in parts if len(x) >= 24}
    return out


def every_answer() -> dict[str, set[str]]:
    answers = dict(code_forms())
    for aid in ASSIGNMENTS:
        answers.update({f"{aid}:{k}": v for k, v in expression_forms(aid).items()})
        answers.update({f"{aid}:{k}": v for k, v in value_forms(aid).items()})
    return answers


def found(text: str, answers) -> list[str]:
    flat = squeeze(text)
    return sorted(name for name, forms in answers.items() if any(f in flat for f in forms))


def readable_files(root):
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".npz", ".whl"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


def test_released_folders_and_the_student_install_hold_no_answer(released, student_install):
    answers = every_answer()
    assert len(answers) > 20      # the search is for something
    leaks = {}
    for aid in ASSIGNMENTS:
        for path, text in readable_files(released[aid]):
            if found(text, answers):
                leaks[str(path)] = found(text, answers)
    installed = [p for p in student_install["site"].iterdir() if p.name.startswith(("autograder", "bptt_grader"))]
    assert any(p.name == "autograder" for p in installed)
    for root in installed:
        for path, text in readable_files(root):
            if found(text, answers):
                leaks[str(path)] = found(text, answers)
    assert not leaks, leaks
    # the engine that derives references, the numpy references and the support code are absent
    package = student_install["site"] / "autograder"
    for absent in ("derive/adjoint.py", "derive/references.py", "derive/paths.py", "derive/simulate.py",
                   "support.py", "numeric/function_grade.py",
                   "numeric/specs.py", "numeric/proof.py", "numeric/mutants.py", "sealing.py", "expressions/check.py", "grading/score.py"):
        assert not (package / absent).exists(), absent


def test_every_released_cell_is_free_of_graded_answers(released):
    answers = every_answer()
    leaks = []
    for aid in ASSIGNMENTS:
        nb = json.loads((released[aid] / f"{aid}.ipynb").read_text())
        for k, cell in enumerate(nb["cells"]):
            hits = found("".join(cell["source"]), answers)
            if hits:
                locked = cell.get("metadata", {}).get("nbgrader", {}).get("locked", False)
                leaks.append((aid, k, "locked" if locked else "open", hits))
    assert not leaks, leaks


def test_the_student_install_answers_no_reference_or_key(student_install, released, tmp_path):
    folder = student_copy(released["rnn_bptt"], tmp_path / "hw")
    command = str(student_install["python"].parent / "autograder")
    answers = expression_forms("rnn_bptt")
    for args in (["reference", "rnn_bptt", "grad_Z_t"], ["reference", "rnn_bptt", "grad_W", "--latex"],
                 ["key", "rnn_bptt"], ["key", "rnn_bptt", "--student-id", "alice"]):
        out = subprocess.run([command, *args], capture_output=True, text=True, cwd=folder,
                             env=env_without_checkout(), timeout=120)
        assert out.returncode == 1 and "for instructors" in out.stderr, (args, out.stdout, out.stderr)
        assert "Traceback" not in out.stderr and not found(out.stdout + out.stderr, answers)
    probe = ("import importlib\n"
             "for m in ('autograder.derive.references', 'autograder.derive.adjoint', 'autograder.numeric.specs',"
             " 'autograder.numeric.function_grade'):\n"
             "    try:\n        importlib.import_module(m); print('present', m)\n"
             "    except ImportError:\n        pass\n"
             "from autograder import derive\n"
             "try:\n    derive.reference\n    print('present derive.reference')\nexcept ImportError:\n    pass\n")
    out = subprocess.run([str(student_install["python"]), "-c", probe], capture_output=True, text=True,
                         cwd=folder, env=env_without_checkout(), timeout=120)
    assert out.returncode == 0 and out.stdout == "", (out.stdout, out.stderr)
    # the command's check reads the sealed data of the folder it runs in
    out = subprocess.run([command, "check", "rnn_bptt", "grad_Z_t", "grad_H_t*(1 - H_t**2)"],
                         capture_output=True, text=True, cwd=folder, env=env_without_checkout(), timeout=120)
    assert out.stdout.startswith("[grad_Z_t] correct"), (out.stdout, out.stderr)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_sealed_local_checks_give_the_graders_verdicts(aid, released, student_install, tmp_path):
    """Every sample submission: the student install's check on the released folder (sealed
    data) and the full grader agree, question by question: right stays right, wrong stays
    wrong, with the same share of the points for expression answers. Value questions are
    checked when graded."""
    from autograder.grading import spec

    asg = spec.load(aid)
    folder = student_copy(released[aid], tmp_path / f"{aid}-student")
    paths = samples(aid, tmp_path)
    graded = grader_verdicts(aid, paths)
    compared = 0
    for path in paths:
        nb = json.loads(path.read_text())
        cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        out = subprocess.run([str(student_install["python"]), "-c", LOCAL], input=json.dumps(cells),
                             capture_output=True, text=True, cwd=folder, timeout=600,
                             env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"})
        assert out.returncode == 0, out.stderr[-3000:]
        local = json.loads(out.stdout.strip().splitlines()[-1])
        for q in asg.questions:
            if q.kind == "manual" or not q.local_check:
                continue
            status, share = local[q.id]
            test = graded[path][q.id]
            where = (path.name, q.id, status, share, test["score"], test["output"][:300])
            if q.kind == "value":
                assert status in ("refused", "not answered"), where
                continue
            assert (status == "correct") == (test["score"] >= test["max_score"]), where
            if status == "incorrect" and q.kind in ("expression", "derivation"):
                assert round(share or 0.0, 3) == round(test["score"] / test["max_score"], 3), where
            if status in ("invalid", "not answered"):
                assert test["score"] == 0, where
            compared += 1
    assert compared >= len(paths)


def test_the_student_command_reads_the_quick_subset_without_sympy(student_install, released, tmp_path):
    """An answer in the quick subset (plain text or LaTeX) is read with the sealed quick
    entry, with no SymPy in the process, right or wrong; one outside it (a local partial)
    gets the whole sealed check."""
    folder = student_copy(released["lstm_univariate"], tmp_path / "hw")
    python = str(student_install["python"])
    ask = ["check", "lstm_univariate", "grad_C_general"]
    probe = ("import sys; from autograder.cli_student import main\n"
             "try: main(sys.argv[1:])\nexcept SystemExit: pass\n"
             "print('sympy' in sys.modules)")
    for answer, head, sympy_used in [
            ("o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1", "[grad_C_general] correct", "False"),
            ("o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "[grad_C_general] correct", "False"),
            (r"o_t (1-\tanh^2(C_t)) \nabla h_t + f_{t+1} \nabla C_{t+1}", "[grad_C_general] correct", "False"),
            ("o_t*(1-tanh(C_t)**2)*grad_h_t + f_t*grad_C_tp1", "[grad_C_general] not right yet", "False"),
            (r"o_t (1-\tanh^2(C_t)) \nabla h_t + f_t \nabla C_{t+1}", "[grad_C_general] not right yet", "False"),
            (r"\frac{\partial L}{\partial h_t} \frac{\partial h_t}{\partial C_t} + \frac{\partial L}{\partial C_{t+1}} f_{t+1}",
             "[grad_C_general] correct", "True")]:
        out = subprocess.run([python, "-c", probe, *ask, answer], capture_output=True, text=True,
                             cwd=folder, env=env_without_checkout(), timeout=120)
        lines = out.stdout.splitlines()
        assert lines[0].startswith(head) and lines[-1] == sympy_used, (answer, out.stdout, out.stderr)
