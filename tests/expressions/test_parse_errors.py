"""Every error class, with its message and position; every hostile input is refused."""
import pytest

from autograder.expressions import errors as E
from autograder.expressions.errors import caret
from autograder.expressions.limits import Limits
from autograder.expressions.parse import parse_answer


def fails(text, vocab, cls, **kw):
    with pytest.raises(cls) as info:
        parse_answer(text, vocab, **kw)
    err = info.value
    assert isinstance(err, E.AnswerError) and err.message and err.code
    return err


def test_empty(lstm):
    for text in ("", "   ", "$ $"):
        fails(text, lstm, E.EmptyAnswer)


def test_unbalanced_bracket_text(lstm):
    err = fails("o_t*(1 - h_t", lstm, E.SyntaxProblem)
    assert err.position == 4 and "'('" in err.message and "never closed" in err.message
    err = fails("h_t + C_t)", lstm, E.SyntaxProblem)
    assert err.position == 9 and "')'" in err.message


def test_unbalanced_braces_latex(lstm):
    err = fails(r"\frac{h_t}{C_t", lstm, E.SyntaxProblem)
    assert err.position == 10 and "never closed" in err.message
    err = fails(r"h_t}", lstm, E.SyntaxProblem)
    assert err.position == 3
    err = fails(r"\left( h_t \right]", lstm, E.SyntaxProblem)
    assert "closed by" in err.message


def test_unknown_symbol_text(lstm):
    err = fails("q_t + h_t", lstm, E.UnknownSymbol)
    assert err.position == 0 and "'q_t'" in err.message
    # o_T is not o_t (T is the horizon): no case folding of the step, no o_9 offered
    err = fails("o_T + h_t", lstm, E.UnknownSymbol)
    assert err.suggestions == ("o_t",) and "o_9" not in err.message


def test_unknown_symbol_latex_suggests_uppercase(lstm):
    err = fails(r"o_t \tilde{q}_t", lstm, E.UnknownSymbol)
    assert err.position == 4
    err = fails(r"\nabla q_t", lstm, E.UnknownSymbol)
    assert "q_t" in err.message


def test_unknown_function(lstm):
    err = fails("factorial(10**7)", lstm, E.UnknownFunction)
    assert err.position == 0 and "tanh" in err.message and "sigma" in err.message
    fails("Symbol('x; import os')", lstm, E.UnknownFunction)
    fails(r"\operatorname{relu}(h_t)", lstm, E.UnknownFunction)


def test_wrong_arity(lstm):
    err = fails("tanh(h_t, C_t)", lstm, E.WrongArity)
    assert "1 argument" in err.message and "given 2" in err.message
    fails("sigma()", lstm, E.WrongArity)
    fails(r"\tanh(h_t, C_t)", lstm, E.WrongArity)


@pytest.mark.parametrize("text,fragment", [
    ("().__class__.__bases__", "attribute"),
    ("h_t.__class__", "attribute"),
    ("h_t[0]", "indexing"),
    ("lambda: 0", "lambda"),
    ("[x for x in h_t]", "comprehension"),
    ("sigma(h_t, key=1)", "keyword"),
    ("'abc'", "quotes"),
    ("Derivative(h_t, C_t)", "derivative"),
    ("diff(h_t, C_t)", "derivative"),
    ("__import__('os')", "'_'"),
    ("_x", "'_'"),
    ("h_t if C_t else 0", "if"),
    ("h_t == C_t", "comparison"),
    ("True", "not a number"),
    ("2j", "complex"),
    ("h_t % 2", "'%'"),
    (r"\frac{\partial y_t}{\partial h_t}", "derivative"),
    (r"\sigma''(h_t)", "derivative"),
    (r"\sigma(\cdot)", "placeholder"),
    ("C_t**h_t", "exponent"),
])
def test_forbidden_constructs(lstm, text, fragment):
    err = fails(text, lstm, E.ForbiddenConstruct)
    assert fragment in err.message
    assert err.position is not None


def test_forbid_the_asked_for_gradient(lstm):
    err = fails("2*grad_f_t", lstm, E.ForbiddenConstruct, forbid={"grad_f_t"})
    assert err.message == "your answer uses grad_f_t, the gradient the question asks for"
    fails(r"C_{t-1} \nabla f_t", lstm, E.ForbiddenConstruct, forbid={"grad_f_t"})
    # As the left side of an equation it is fine.
    assert parse_answer("grad_f_t = C_tm1*grad_C_t", lstm, forbid={"grad_f_t"}) is not None
    assert parse_answer(r"$\nabla f_t = C_{t-1}\nabla C_t$", lstm, forbid={"grad_f_t"}) \
        == parse_answer("C_tm1*grad_C_t", lstm)


def test_equation_with_other_left_side(lstm):
    err = fails("h_t = C_t", lstm, E.SyntaxProblem, forbid={"grad_f_t"})
    assert err.code == "equation" and err.position == 4


def test_unsupported_latex(lstm):
    err = fails(r"\input{/etc/passwd}", lstm, E.Unsupported)
    assert err.position == 0 and r"\input" in err.message
    err = fails(r"h_t + \def\x{1}", lstm, E.Unsupported)
    assert err.position == 6 and r"\def" in err.message
    for text in (r"\newcommand{\x}{1}", r"\href{http://x}{y}", r"\text{hello} h_t",
                 r"\tanh^{-1}(h_t)"):
        fails(text, lstm, (E.Unsupported, E.UnknownFunction))


def test_too_large(lstm):
    err = fails("h_t+" * 250_000 + "h_t", lstm, E.TooLarge)    # a 1 MB answer
    assert "1000003 characters" in err.message
    fails("+".join(["h_t"] * 700), lstm, E.TooLarge)           # too many nodes


def test_too_deep(lstm):
    fails("(" * 300 + "h_t" + ")" * 300, lstm, E.TooDeep)
    fails("{" * 300 + "h_t" + "}" * 300, lstm, E.TooDeep)
    fails("-" * 3000 + "h_t", lstm, E.TooDeep)
    fails("h_t" + "**h_t" * 30, lstm, (E.TooDeep, E.ForbiddenConstruct))
    fails(r"\frac{" * 30 + "1" + "}{2}" * 30, lstm, E.TooDeep, limits=Limits(max_depth=10))


@pytest.mark.parametrize("text,cls", [
    ("10**10**10", E.NumberTooBig),
    ("10^10^10", E.NumberTooBig),
    ("C_t**(10**9)", E.NumberTooBig),
    ("C_t^(10^9)", E.NumberTooBig),
    ("(C_t**64)**64", E.NumberTooBig),
    ("(10**64)**64", E.NumberTooBig),
    ("exp(exp(exp(exp(10))))", E.NumberTooBig),
    ("exp(exp(exp(h_t)))", E.NumberTooBig),
    ("12345678901234567890*h_t", E.NumberTooBig),
    ("1e400", E.NumberTooBig),
    ("h_t**(1/1000)", E.NumberTooBig),
    (r"C_t^{10^{9}}", E.NumberTooBig),
    (r"e^{e^{e^{h_t}}}", E.NumberTooBig),
])
def test_numeric_bombs(lstm, text, cls):
    fails(text, lstm, cls)


def test_exp_nesting_within_limit(lstm):
    assert parse_answer("exp(exp(h_t))", lstm) is not None


@pytest.mark.parametrize("text", ["\u0421_t", "h_t \u2212 C_t", "\u03c3(h_t)", "h_t\x00"])
def test_non_ascii_refused(lstm, text):
    err = fails(text, lstm, E.SyntaxProblem)
    assert err.code == "non_ascii" and "ASCII" in err.message
    assert err.position == next(i for i, ch in enumerate(text) if ord(ch) > 126 or ch < " ")


def test_cyrillic_lookalike_hint(lstm):
    err = fails("\u0421_t", lstm, E.SyntaxProblem)
    assert "CYRILLIC" in err.message and "'C'" in err.message


def test_syntax_hints(lstm):
    assert "*" in fails("h_t*", lstm, E.SyntaxProblem).message
    err = fails("h_t o_t +", lstm, E.SyntaxProblem)
    assert err.position is not None


def test_caret_rendering(lstm):
    text = "o_t*(1 - h_t"
    err = fails(text, lstm, E.SyntaxProblem)
    assert caret(text, err.position) == "o_t*(1 - h_t\n    ^"
    assert err.render(text).endswith("    ^")
    long = "h_t + " * 40 + "c_t"
    shown = caret(long, long.index("c_t"))
    line, mark = shown.split("\n")
    assert line[len(mark) - 1:len(mark) + 2] == "c_t"
