"""The quick check (expressions/quick.py) against the full checker: every answer it calls
right, the full checker calls right with the same words; wrong answers, however close to
the reference, are never its to decide."""
import random

import pytest

from autograder import quick_cache
from autograder.catalog import check_answer, model_for
from autograder.expressions import quick
from autograder.expressions.quick_entry import build

from answer_pairs import PAIRS
from published_mistakes import A, CASES
import textbook_names

_ENTRIES: dict = {}


def entry(assignment, question, last):
    key = (assignment, question, last)
    if key not in _ENTRIES:
        found = quick_cache.asked(question, quick_cache.spec_question(assignment, question), last)
        _ENTRIES[key] = build(model_for(assignment), *found) if found else None
    return _ENTRIES[key]


def corpus():
    for _, question, answer, verdict, _ in CASES:
        yield A, question, None, answer, verdict
    for assignment, question, last, answer, verdict, _ in PAIRS:
        yield assignment, question, last, answer, verdict
    for question, answer, _ in textbook_names.CORRECT:
        yield textbook_names.A, question, None, answer, "correct"
    for question, answer in textbook_names.WRONG:
        yield textbook_names.A, question, None, answer, "incorrect"


def quick_and_full(assignment, question, last, answer) -> bool:
    """Whether the quick check calls `answer` right; when it does, the full checker must
    too, in the same words."""
    e = entry(assignment, question, last)
    got = quick.check(e, answer) if e is not None else None
    if got is not None:
        full = check_answer(assignment, question, answer, last_step=last)
        assert (full.verdict, full.feedback) == ("correct", got["feedback"]), (question, answer)
    return got is not None


def test_every_quick_verdict_is_the_full_checkers_and_most_text_answers_are_quick():
    quick_ones, right_text = 0, 0
    for assignment, question, last, answer, verdict in corpus():
        right_text += verdict == "correct" and "\\" not in answer and "$" not in answer
        if quick_and_full(assignment, question, last, answer):
            quick_ones += 1
            assert verdict == "correct", (question, answer)
    # the corpus's right answers in plain text, most of them decided without SymPy
    assert quick_ones >= 50 and quick_ones >= 0.6 * right_text, (quick_ones, right_text)


G_F_LAST = ("lstm_univariate", "grad_f_t", True)
REF = "grad_C_t*C_tm1"


@pytest.mark.parametrize("answer", [
    f"{REF} + C_t/999999/999999",                 # 1e-12 of C_t: within no tolerance
    f"{REF} + C_t/999999/999999/999999/999999",   # 1e-24: past the digits the quick check resolves
    f"{REF}*(1 + C_t**9/999999)",
    f"{REF} + 1/10**25", f"{REF}*(1 + 1/10**22)", f"{REF} - 1e-30", f"{REF} + exp(-100)",
    f"({REF})*(1 - 10**-40)", "grad_C_t*(C_tm1 + 1/10**30)",
    f"{REF} + 0*grad_f_t", f"{REF} + grad_f_t - grad_f_t", "grad_f_t",
    f"{REF} + tanh(3) - tanh(3)", f"{REF} + log(-1)*0", "C_tm1*dC_t/dC_t*grad_C_t",
    f"{REF} + C_tm1**2", f"2*{REF}", f"{REF} + sqrt(-C_t**2)",
    # refused by the parser, so never right: a power of a power past its exponent limit, an
    # exp tower, more parts than it reads
    f"{REF} + (C_t**9)**9 - (C_t**9)**9", f"{REF} + exp(exp(exp(C_t))) - exp(exp(exp(C_t)))",
    REF + " + C_t - C_t" * 500, "(" * 45 + r"\nabla C_t C_{t-1}" + ")" * 45,
])
def test_an_answer_near_the_reference_or_outside_the_subset_is_not_quick(answer):
    assert quick.check(entry(*G_F_LAST), answer) is None


@pytest.mark.parametrize("answer, read", [
    (REF, ""), (f"C_tm1*{REF}/C_tm1", ""), ("dC_t*c_tm1", " (Read dC_t as grad_C_t, c_tm1 as C_tm1.)"),
    ("C_tm1 grad_C_t", ""), ("grad_C_t*C_tm1*(sigma(h_t) + sigma(-h_t))", ""),
])
def test_right_answers_in_the_subset_are_quick_with_the_full_checkers_words(answer, read):
    got = quick.check(entry(*G_F_LAST), answer)
    assert got is not None and got["feedback"] == "Correct." + read
    full = check_answer("lstm_univariate", "grad_f_t", answer, last_step=True)
    assert (full.verdict, full.feedback) == ("correct", got["feedback"])


def test_no_entry_for_what_the_quick_check_leaves_to_the_full_one():
    m = model_for("lstm_univariate")
    assert build(m, "grad_C_3", False) is None            # a concrete step
    assert build(m, "grad_W_hf", False) is None           # a sum over time
    assert build(m, "path:C_t,C_tp1,C_tp2", False) is None
    assert quick_cache.asked("grad_C_last_derivation", _derivation(), None) is None


def _derivation():
    class Q:
        kind, target, last_step = "derivation", "grad_C_t", False
    return Q()


def test_the_spelling_table_is_the_parsers_reading():
    e = entry("lstm_univariate", "grad_C_t", False)
    table = e["spellings"]
    assert table["dh_t"] == ["grad_h_t", True] and table["C_t"] == ["C_t", False]
    assert table["c_t"] == ["C_t", True] and "grad_C_t" not in table     # the target itself
    assert "grad_f_t" not in table       # circular: f_t is not computed from C_t
    assert not any(w.endswith("_next") for w in table)     # dc_next has two readings


NOISE = ["*", "+", "-", "(", ")", "1", "2", "_t", "p1", "m1", "o_t*", " ", "^2", "**2", "/", "'",
         "f_t", "C_tm1", "dh_t", "0", "9", "t", "sigma(", "tanh(", "x"]


def right_plain_answers() -> list:
    return [(a, q, last, ans) for a, q, last, ans, v in corpus()
            if v == "correct" and "\\" not in ans and "$" not in ans]


def edited(n=500, seed=23):
    """Seeded edits of the corpus's right plain-text answers: most become wrong or
    unreadable, some stay right."""
    rng = random.Random(seed)
    right = right_plain_answers()
    out = []
    for _ in range(n):
        assignment, question, last, answer = rng.choice(right)
        chars = list(answer)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(chars) + 1)
            if rng.random() < 0.4 and chars:
                del chars[min(k, len(chars) - 1)]
            else:
                chars.insert(k, rng.choice(NOISE))
        out.append((assignment, question, last, "".join(chars)))
    return out


def test_edited_answers_the_quick_check_calls_right_are_right():
    called_right = sum(quick_and_full(*edit) for edit in edited())
    assert called_right >= 10      # some edits keep an answer right (a space, a factor 1)


def swap_token(answer: str, spellings: dict, rng) -> str:
    """One token of `answer` swapped: a name for another the question knows, a number, an
    operator. The result still reads, and is nearly always wrong."""
    import re

    tokens = re.findall(r"[A-Za-z_][A-Za-z_0-9']*|\d+|\*\*|[-+*/^()]|\s+", answer)
    if not tokens:
        return answer
    k = rng.randrange(len(tokens))
    tok = tokens[k]
    if tok[0].isalpha() and tok in spellings:
        tokens[k] = rng.choice(sorted(spellings))
    elif tok.isdigit():
        tokens[k] = str(rng.randint(0, 3))
    elif tok in "+-*/":
        tokens[k] = rng.choice("+-*/")
    return "".join(tokens)


def swapped(n=400, seed=29):
    rng = random.Random(seed)
    right = right_plain_answers()
    out = []
    for _ in range(n):
        assignment, question, last, answer = rng.choice(right)
        e = entry(assignment, question, last)
        if e is not None:
            out.append((assignment, question, last, swap_token(answer, e["spellings"], rng)))
    return out


def test_swapped_answers_the_quick_check_calls_right_are_right():
    read = 0
    for assignment, question, last, answer in swapped():
        read += quick.evaluate(entry(assignment, question, last), answer) is not None
        quick_and_full(assignment, question, last, answer)
    assert read >= 200, read


def random_answer(rng, spellings: list, depth: int = 0) -> str:
    """A random expression in the quick subset's own notation (and a little beyond it)."""
    r = rng.random()
    if depth > 3 or r < 0.3:
        return rng.choice(spellings) if rng.random() < 0.8 else str(rng.randint(0, 12))
    if r < 0.45:
        fn = rng.choice(["tanh", "sigma", "sigmoid", "exp", "log", "sech", "cosh", "sqrt", "abs",
                         "tanh'", "sigma'", "exp'", "log'"])
        return f"{fn}({random_answer(rng, spellings, depth + 1)})"
    if r < 0.55:
        return f"({random_answer(rng, spellings, depth + 1)})**{rng.randint(0, 4)}"
    if r < 0.6:
        return f"-{random_answer(rng, spellings, depth + 1)}"
    op = rng.choice(["+", "-", "*", "/", " ", "^2*"])
    return f"({random_answer(rng, spellings, depth + 1)}){op}{random_answer(rng, spellings, depth + 1)}"


def step_as_superscript(name: str, rng) -> str:
    """h_{t-1} as h^{(t-1)} (Goodfellow et al.) or h^{<t-1>} (Ng)."""
    import re

    m = re.fullmatch(r"(.*?)_\{?([^{}]+?)\}?", name)
    if not m:
        return name
    left, right = rng.choice([("(", ")"), ("<", ">")])
    return f"{m.group(1)}^{{{left}{m.group(2)}{right}}}"


def random_latex(rng, names: list, depth: int = 0) -> str:
    """A random LaTeX expression in the quick subset's notation (and a little beyond it)."""
    r = rng.random()
    if depth > 3 or r < 0.3:
        if rng.random() < 0.15:
            return str(rng.randint(0, 12))
        name = rng.choice(names)
        plain = name.replace("\\nabla ", "")
        return rng.choice([name, name, name.lower(), f"\\delta {plain}", f"d{plain}",
                           f"\\frac{{\\partial L}}{{\\partial {plain}}}", f"\\frac{{dE}}{{d{plain}}}",
                           name.replace("\\tilde", "\\hat"), step_as_superscript(name, rng),
                           step_as_superscript(name, rng).lower()])
    inner = lambda: random_latex(rng, names, depth + 1)  # noqa: E731
    if r < 0.45:
        fn = rng.choice([r"\tanh", r"\sigma", r"\exp", r"\log", r"\ln", "tanh", "sigmoid",
                         r"\operatorname{sech}", r"\cosh", r"\tanh'", r"\sigma'", r"\tanh^2", r"\sigma^{2}"])
        return rng.choice([f"{fn}({inner()})", f"{fn}\\left({inner()}\\right)", f"{fn}{{{inner()}}}"])
    if r < 0.55:
        return rng.choice([f"({inner()})^2", f"\\left({inner()}\\right)^{{3}}", f"{{{inner()}}}^2"])
    if r < 0.6:
        return f"-{inner()}"
    if r < 0.7:
        return f"\\frac{{{inner()}}}{{{inner()}}}"
    op = rng.choice(["+", "-", r"\cdot", r"\times", "/", " ", r"\odot", "*"])
    return f"{inner()} {op} {inner()}"


def parser_agrees(e: dict, vocab, answer: str, target: str) -> bool:
    """Whether the quick reader reads `answer`; when it does, the parser must read it too,
    to the same values at the entry's states and with the same notes on the notation."""
    import mpmath
    import sympy

    from autograder.expressions import readings
    from autograder.expressions.parse import parse_answer
    from autograder.models.naming import sym

    found = quick.evaluate(e, answer)
    if found is None:
        return False
    with readings.collect() as notes:
        expr = parse_answer(answer, vocab, forbid={target})     # raises if it refuses
    assert notes == found[2], (answer, notes, found[2])
    with mpmath.workdps(e["dps"]):
        for got, state in zip(found[0], e["states"][:3]):
            values = {sym(n): sympy.Float(v, e["dps"]) for n, v in state["values"].items()}
            want = expr.xreplace(values).evalf(e["dps"] - 10)
            assert want.is_real and want.is_finite, answer
            assert abs(mpmath.mpf(str(want)) - got) <= mpmath.mpf(10) ** -30 * max(1, abs(got)), answer
    return True


@pytest.mark.parametrize("assignment, target", [("lstm_univariate", "grad_C_t"), ("rnn_bptt", "grad_H_t")])
def test_what_the_quick_reader_reads_the_parser_reads_to_the_same_values(assignment, target):
    from autograder.expressions.model_vocabulary import vocabulary_for

    rng = random.Random(37)
    e = entry(assignment, target, False)
    vocab = vocabulary_for(model_for(assignment))
    spellings = sorted(e["spellings"])
    latex = sorted(e["latex_display"].values())
    text_read = sum(parser_agrees(e, vocab, random_answer(rng, spellings), target) for _ in range(300))
    latex_read = sum(parser_agrees(e, vocab, random_latex(rng, latex), target) for _ in range(400))
    assert text_read >= 100 and latex_read >= 100, (text_read, latex_read)


@pytest.mark.parametrize("assignment, question", [("gru_univariate", "grad_h_general"),
                                                  ("cifg_univariate", "grad_C_general")])
def test_a_course_folders_models_read_the_same(assignment, question):
    """The example course's GRU and coupled-gate LSTM, declared in its own folder."""
    from pathlib import Path

    from autograder.expressions.model_vocabulary import vocabulary_for
    from autograder.grading import spec

    previous = spec.use_course(Path(__file__).resolve().parents[2] / "examples" / "course")
    try:
        e = entry(assignment, question, None)
        vocab = vocabulary_for(model_for(assignment))
        rng = random.Random(5)
        names, latex = sorted(e["spellings"]), sorted(e["latex_display"].values())
        text_read = sum(parser_agrees(e, vocab, random_answer(rng, names), e["target"]) for _ in range(150))
        latex_read = sum(parser_agrees(e, vocab, random_latex(rng, latex), e["target"]) for _ in range(150))
    finally:
        spec.use_course(previous)
    assert text_read >= 50 and latex_read >= 30, (text_read, latex_read)
