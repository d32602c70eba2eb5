"""Hostile text in expression answers: each case puts one answer in a real rnn_bptt (or
lstm_univariate) submission and grades it. The answer is refused with a sentence saying
why (verdict "invalid", 0 points), nothing in it is run, the other questions keep their
marks, and no file changes.

Expression answers are read from the notebook statically (never run), so most cases grade
the assignment's expression questions alone, without a sandbox; the cases whose answer is
code rather than a string grade the whole submission, sandbox included.

Unicode look-alikes (decision): refused, never normalised. A Cyrillic 'С' or a Greek 'ο'
is a different character that looks the same; mapping it to C or o would grade something
the student did not write, and a zero-width or direction-changing character hides what was
written. The message names the character by code point and Unicode name (U+0421 CYRILLIC
CAPITAL LETTER ES) with what to type instead, and the echo of the answer shows invisible
characters as '?'. Students see the same message from check() in their notebook before
they submit.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from . import harness

pytestmark = pytest.mark.redteam("attack")

EXPRESSIONS_ONLY = harness.narrowed(harness.ASSIGNMENT, harness.EXPRESSIONS)
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u202e", "\u2066", "\u0301", "\u00a0", "\ufeff")


def answer_cell(variable: str, text: str) -> str:
    """The answer cell as a student writes it: a raw triple-quoted string when the text
    allows it, else an ordinary string literal."""
    if '"""' not in text and not text.endswith("\\"):
        return f'{variable} = r"""\n{text}\n"""'
    return f"{variable} = {text!r}"


def _grade(classroom, nb, assignment=EXPRESSIONS_ONLY, zygote=None, name="mallory"):
    watch = classroom.watch()
    g = harness.grade_as(assignment, harness.write(nb, classroom.submissions / f"{name}.ipynb"), zygote)
    assert watch.changed() == []
    assert "Traceback" not in g.feedback()
    return g


def _refused(g, qid: str, fragment: str):
    t = g.test(qid)
    assert t["score"] == 0, t
    assert g.result["extra_data"]["questions"][qid]["verdict"] == "invalid", t
    assert fragment in t["output"], t["output"]
    for ch in INVISIBLE:                # the feedback never carries an invisible character
        assert ch not in t["output"], (ch, t["output"])


def _others_full(g, qid: str, questions=harness.EXPRESSIONS):
    for q in questions:
        if q != qid:
            assert g.full(q), (q, g.test(q))


# (case id, question, answer text, what the message must say)
HOSTILE = [
    # code in disguise: never evaluated, refused by name or construct
    ("import", "grad_Z_t", "__import__('os').system('touch {probe}')", "names starting with '_'"),
    ("dunder_subclasses", "grad_Z_t", "().__class__.__bases__[0].__subclasses__()", "attribute access"),
    ("sympy_Symbol", "grad_Z_t", "Symbol('x; import os')", "'Symbol' is not a function you can use"),
    ("lambda", "grad_Z_t", "(lambda: __import__('os'))()", "lambda is not allowed"),
    ("exec", "grad_Z_t", "exec('import os; os.system(\"touch {probe}\")')", "'exec' is not a function"),
    ("eval", "grad_Z_t", "eval('grad_H_t*(1-H_t**2)')", "'eval' is not a function"),
    ("getattr", "grad_Z_t", "getattr(H_t, '__class__')", "'getattr' is not a function"),
    ("open", "grad_Z_t", "open('/etc/passwd')", "'open' is not a function"),
    ("open_read", "grad_Z_t", "open('/etc/passwd').read()", "attribute access"),
    # numbers and sizes that would take the engine's time or memory
    ("huge_power", "grad_Z_t", "H_t**10**10", "exponent"),
    ("huge_power_bracketed", "grad_Z_t", "(H_t+1)**(10**6)", "exponent"),
    ("factorial", "grad_Z_t", "factorial(10**9)", "'factorial' is not a function"),
    ("factorial_bang", "grad_Z_t", "100000!", "not a valid expression"),
    ("power_tower", "grad_Z_t", "9**9**9", "exponent"),
    ("megabyte_of_digits", "grad_Z_t", "9" * (1 << 20), "the answer is 1048576 characters long; the limit is 4000"),
    ("brackets_10000_deep", "grad_Z_t", "(" * 10000 + "H_t" + ")" * 10000, "characters long; the limit is 4000"),
    ("brackets_1500_deep", "grad_Z_t", "(" * 1500 + "H_t" + ")" * 1500, "nests brackets more than 40 deep"),
    ("sigma_5000_deep", "grad_Z_t", "sigma(" * 5000 + "H_t" + ")" * 5000, "characters long; the limit is 4000"),
    ("sigma_300_deep", "grad_Z_t", "sigma(" * 300 + "H_t" + ")" * 300, "nests brackets more than 40 deep"),
    ("megabyte_answer", "grad_Z_t", "grad_H_t*(1-H_t**2) + " * 45000 + "0", "characters long; the limit is 4000"),
    ("long_sum", "grad_W", "Sum(" + " + ".join(["grad_Z_t*(1-H_t**2)"] * 150) + ", (t, 1, T))",
     "parts; the limit is 2000"),
    ("long_sum_long_text", "grad_W", "Sum(" + " + ".join(["H_tm1*grad_Z_t"] * 300) + ", (t, 1, T))",
     "characters long; the limit is 4000"),
    ("sum_to_10_12", "grad_W", "Sum(H_tm1*grad_Z_t, (t, 1, 10**12))", "the sum's bounds are out of range"),
    # LaTeX: only a fixed set of commands is read; nothing is expanded or run
    ("latex_unbalanced", "grad_Z_t", r"\nabla H_t \left(1 - {H_t^2\right)", "is closed by ')'"),
    ("latex_unclosed", "grad_Z_t", r"\frac{\nabla H_t}{1", "never closed"),
    ("latex_input", "grad_Z_t", r"\input{/etc/passwd}", r"the LaTeX command \input at character 1 is not supported"),
    ("latex_include", "grad_Z_t", r"\include{/etc/passwd}", r"\include at character 1 is not supported"),
    ("latex_def", "grad_Z_t", r"\def\x{\nabla H_t}\x (1 - H_t^2)", r"\def at character 1 is not supported"),
    ("latex_newcommand", "grad_Z_t", r"\newcommand{\g}{\nabla H_t}\g (1 - H_t^2)", r"\newcommand at character 1"),
    ("latex_write18", "grad_Z_t", r"\immediate\write18{touch {probe}}", r"\immediate at character 1 is not supported"),
    ("latex_catcode", "grad_Z_t", r"\catcode`\^=11 \nabla H_t", r"\catcode at character 1 is not supported"),
    ("latex_unknown_command", "grad_Z_t", r"\nabla H_t \frobnicate(1 - H_t^2)", r"\frobnicate"),
    ("latex_frac_without_arguments", "grad_Z_t", r"\frac", "where { ... } was expected"),
    ("latex_100000_chars", "grad_Z_t", r"\nabla H_t (1 - H_t^2) + " * 4000, "characters long; the limit is 4000"),
    # look-alikes and invisible characters: refused with the character named
    ("cyrillic_EN_for_H", "grad_Z_t", "grad_H_t*(1 - \u041d_t**2)", "U+041D CYRILLIC CAPITAL LETTER EN"),
    ("cyrillic_ES_for_C", "grad_Z_t", "grad_H_t*(1 - H_t**2)*\u0421", "U+0421 CYRILLIC CAPITAL LETTER ES"),
    ("greek_ETA_for_H", "grad_Z_t", "grad_\u0397_t*(1 - H_t**2)", "U+0397 GREEK CAPITAL LETTER ETA"),
    ("fullwidth_H", "grad_Z_t", "grad_H_t*(1 - \uff28_t**2)", "U+FF28 FULLWIDTH LATIN CAPITAL LETTER H"),
    ("zero_width_joiner", "grad_Z_t", "grad_H\u200d_t*(1 - H_t**2)", "U+200D ZERO WIDTH JOINER"),
    ("zero_width_space", "grad_Z_t", "grad_H_t*(1 - H\u200b_t**2)", "U+200B ZERO WIDTH SPACE"),
    ("rtl_override", "grad_Z_t", "grad_H_t*(1 - H_t**2)\u202e + 0", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("combining_mark", "grad_Z_t", "grad_H_t*(1 - H\u0301_t**2)", "U+0301 COMBINING ACUTE ACCENT"),
    ("ligature_fi", "grad_Z_t", "grad_H_t*(1 - H_t**2) + \ufb01", "U+FB01 LATIN SMALL LIGATURE FI"),
    ("no_break_space", "grad_Z_t", "grad_H_t*\u00a0(1 - H_t**2)", "U+00A0 NO-BREAK SPACE"),
    ("unicode_minus", "grad_Z_t", "grad_H_t*(1 \u2212 H_t**2)", "U+2212 MINUS SIGN"),
]


@pytest.mark.parametrize("qid,text,fragment", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_answer_is_refused_plainly(classroom, qid, text, fragment, tmp_path):
    probe = tmp_path / f"pwned-{uuid.uuid4().hex}"
    text = text.replace("{probe}", str(probe))
    nb = harness.with_answer(f"answer_{qid}", answer_cell(qid, text))
    g = _grade(classroom, nb)
    _refused(g, qid, fragment)
    _others_full(g, qid)
    assert not probe.exists()


def test_lookalike_hint_says_what_to_type(classroom):
    nb = harness.with_answer("answer_grad_Z_t", answer_cell("grad_Z_t", "grad_H_t*(1 - \u041d_t**2)"))
    g = _grade(classroom, nb)
    assert "type 'H' instead" in g.test("grad_Z_t")["output"]


def test_all_three_expression_answers_hostile_at_once(classroom):
    nb = harness.with_answer("answer_grad_Z_t", answer_cell("grad_Z_t", "(" * 5000 + ")" * 5000))
    nb = harness.with_answer("answer_grad_H_tm1", answer_cell("grad_H_tm1", "9**9**9**9"), nb=nb)
    nb = harness.with_answer("answer_grad_W", answer_cell("grad_W", r"\input{/etc/shadow}"), nb=nb)
    g = _grade(classroom, nb)
    for q in harness.EXPRESSIONS:
        assert g.score(q) == 0 and g.result["extra_data"]["questions"][q]["verdict"] == "invalid"


# -- the answer's form: a string, or not ---------------------------------------------

def test_plain_non_raw_string_is_read(classroom):
    nb = harness.with_answer("answer_grad_Z_t", 'grad_Z_t = "\\\\nabla H_t (1 - H_t^2)"')
    g = _grade(classroom, nb)
    assert g.full("grad_Z_t"), g.test("grad_Z_t")


@pytest.mark.parametrize("source,fragment", [
    ('grad_Z_t = "".join(["grad_H_t", "*(1 - H_t**2)"])', "is not a plain string"),
    ("grad_Z_t = 42", "is not a plain string"),
    ("grad_Z_t = None", "is not a plain string"),
    ("grad_Z_t = grad_H_t * (1 - H_t**2)", "is not a plain string"),
    ('grad_Z_t = "grad_H_t" * 10**9', "is not a plain string"),
    ("grad_Z_t = " + " + ".join(['"H_t"'] * 100_000), "too large or too deeply nested"),
    ("grad_Z_t = " + "(" * 300 + '"H_t"' + ")" * 300, "not valid Python"),
    ('grad_Z_t = b"grad_H_t*(1 - H_t**2)"', "is not a plain string"),
], ids=["join", "number", "None", "bare_expression", "repeated_string", "100000_piece_concatenation",
        "300_brackets_around_the_string", "bytes"])
def test_answer_that_is_not_a_string_literal_gets_nothing(classroom, source, fragment):
    g = _grade(classroom, harness.with_answer("answer_grad_Z_t", source))
    t = g.test("grad_Z_t")
    assert t["score"] == 0 and fragment in t["output"], t
    _others_full(g, "grad_Z_t")


@pytest.mark.parametrize("make", [
    lambda p: f"grad_Z_t = __import__('os').system('touch {p}')",
    lambda p: f"grad_Z_t = f\"{{__import__('os').system('touch {p}')}}\"",
    lambda p: f'grad_Z_t = r"""H_t"""; __import__("os").system("touch {p}"); x = r""" """',
], ids=["import_as_code", "fstring", "string_breakout"])
def test_answer_written_as_code_runs_only_in_the_sandbox(classroom, zygote, make, tmp_path):
    """The whole submission: the answer cell is a code cell, so it runs in the sandbox like
    any cell, where it can write nothing here; the answer read from it earns nothing."""
    probe = tmp_path / f"pwned-{uuid.uuid4().hex}"
    nb = harness.with_answer("answer_grad_Z_t", make(probe))
    g = _grade(classroom, nb, assignment=harness.ASSIGNMENT, zygote=zygote)
    assert g.score("grad_Z_t") == 0, g.test("grad_Z_t")
    assert not probe.exists()
    for q in (*harness.CODE, *harness.VALUES, "grad_H_tm1", "grad_W"):
        assert g.full(q), (q, g.test(q))


# -- a derivation (lstm_univariate) -------------------------------------------------

DERIVATION = "derive_grad_i_general"
LSTM_GOOD = ["grad_i_t = Ctilde_t*grad_C_t",
             "= Ctilde_t*(o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1)",
             "= Ctilde_t*o_t*(1 - tanh(C_t)**2)*grad_h_t + Ctilde_t*f_tp1*grad_C_tp1"]


def _lstm_questions():
    return [q.id for q in harness.load_assignment(harness.LSTM).questions if q.kind != "manual"]


@pytest.mark.parametrize("step,fragment", [
    ("= __import__('os').system('touch {probe}')", "Step 2: names starting with '_'"),
    (r"= \input{/etc/passwd}", r"Step 2: the LaTeX command \input"),
    ("= Ctilde_t*(o_t*(1 - tanh(\u0421_t)**2)*grad_h_t + f_tp1*grad_C_tp1)",
     "U+0421 CYRILLIC CAPITAL LETTER ES"),
    ("= Ctilde_t*(\u03bf_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1)",
     "U+03BF GREEK SMALL LETTER OMICRON"),
    ("= " + "(" * 1500 + "C_t" + ")" * 1500, "nests brackets more than 40 deep"),
    ("= Ctilde_t*grad_C_t\n" * 20000, "the derivation is 400164 characters long; the limit is 16000"),
    ("= Ctilde_t*grad_C_t\n" * 60, "the derivation has 63 steps; the limit is 40"),
], ids=["import", "latex_input", "cyrillic_ES", "greek_omicron", "deep", "20000_steps", "60_steps"])
def test_hostile_derivation_step(classroom, step, fragment, tmp_path):
    probe = tmp_path / f"pwned-{uuid.uuid4().hex}"
    lines = [LSTM_GOOD[0], step.replace("{probe}", str(probe)), *LSTM_GOOD[1:]]
    nb = harness.with_answer(f"answer_{DERIVATION}", answer_cell("derivation", "\n".join(lines)),
                             nb=harness.lstm_solution())
    g = _grade(classroom, nb, assignment=harness.LSTM)
    _refused(g, DERIVATION, fragment)
    _others_full(g, DERIVATION, _lstm_questions())
    assert not probe.exists()


# -- the command line: `autograder check` -------------------------------------------

@pytest.mark.parametrize("answer,fragment", [
    ("__import__('os').system('touch {probe}')", "names starting with '_'"),
    (r"\immediate\write18{touch {probe}}", r"\immediate"),
    ("grad_H_t*(1 - \u041d_t**2)", "U+041D"),
    ("-", "characters long"),             # a megabyte on standard input
], ids=["import", "write18", "cyrillic", "megabyte_on_stdin"])
def test_check_command_refuses_hostile_answers(answer, fragment, tmp_path):
    probe = tmp_path / f"pwned-{uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(harness.ROOT)}
    stdin = "(" * (1 << 20) if answer == "-" else ""
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", "check", "rnn_bptt", "grad_Z_t",
                           answer.replace("{probe}", str(probe)), "--json"],
                          input=stdin, capture_output=True, text=True, timeout=30, env=env,
                          cwd=harness.ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["verdict"] == "invalid" and out["score"] == 0
    assert fragment in out["feedback"]
    assert "Traceback" not in proc.stderr
    assert not probe.exists()
