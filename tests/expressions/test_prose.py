"""Markdown answers with sentences, the model's equations, the student's own variables and
chains of equalities: the chain for the gradient asked for is found and graded."""
import json
import os
import subprocess
import sys

from autograder.catalog import check_answer
from autograder.expressions import prose

A = "lstm_univariate"

INLINE = r"""At the last step only the hidden state uses the output gate.
Recall the model: $h_t = o_t \otimes \tanh(C_t)$.

So $\nabla o_t = \frac{\partial h_t}{\partial o_t} \nabla h_t = \tanh(C_t) \nabla h_t = \tanh(C_t) w^y y_t (1 - y_t) \nabla y_t$
"""

ALIGNED = r"""Write $u_t = \frac{h_t}{o_t}$ for the squashed cell state.

$$\begin{aligned}\nabla C_t &= \frac{\partial h_t}{\partial C_t} \nabla h_t + \frac{\partial C_{t+1}}{\partial C_t} \nabla C_{t+1} \\
&= \frac{\partial u_t}{\partial C_t} \frac{\partial h_t}{\partial u_t} \nabla h_t + f_{t+1} \nabla C_{t+1} \\
&= o_t(1 - u_t^2) \nabla h_t + f_{t+1} \nabla C_{t+1}\end{aligned}$$
"""

TWO_CHAINS = r"""For a step before the last one:
$$\nabla h_t = W^y y_t (1-y_t) \nabla y_t + W^{hf} f_{t+1}(1-f_{t+1}) \nabla f_{t+1} + W^{hi} i_{t+1}(1-i_{t+1}) \nabla i_{t+1} + W^{ho} o_{t+1}(1-o_{t+1}) \nabla o_{t+1} + W^{hc}(1-\tilde{C}_{t+1}^2) \nabla \tilde{C}_{t+1}$$
and at the last step:
$$\nabla h_t = \frac{\partial y_t}{\partial h_t} \nabla y_t = w^y y_t (1 - y_t) \nabla y_t$$
"""


def test_inline_chain_in_prose_is_found_and_graded():
    res = check_answer(A, "grad_o_last", INLINE)
    assert res.verdict == "correct", res.feedback
    assert res.feedback.startswith("Graded equation 2") and r"\nabla o_t" in res.feedback
    assert res.diagnosis["graded_equation"] == 2


def test_student_variable_defined_in_prose_is_understood():
    res = check_answer(A, "grad_C_general", ALIGNED)
    assert res.verdict == "correct", res.feedback
    # the middle line uses partials of the student's variable: left out of the step check, named
    assert res.diagnosis["unread_sides"] == [2]


def test_wrong_student_variable_stays_wrong():
    wrong = ALIGNED.replace(r"\frac{h_t}{o_t}", r"\frac{h_t}{f_t}")
    assert check_answer(A, "grad_C_general", wrong).verdict == "incorrect"


def test_chain_chosen_by_the_question_step():
    assert check_answer(A, "grad_h_general", TWO_CHAINS).verdict == "correct"
    last = check_answer(A, "grad_h_last", TWO_CHAINS)
    assert last.verdict == "correct" and "Graded equation 2" in last.feedback


def test_broken_step_in_prose_is_named():
    broken = INLINE.replace(r"= \tanh(C_t) \nabla h_t =", r"= o_t \nabla h_t =")
    res = check_answer(A, "grad_o_last", broken)
    assert res.verdict == "incorrect" and "does not follow" in res.feedback


def test_prose_without_equation_is_invalid_with_a_message():
    res = check_answer(A, "grad_o_last", "The gradient is $\\tanh(C_t)$ times that of $h_t$, I think.")
    assert res.verdict in ("invalid", "incorrect")
    assert "Traceback" not in res.feedback and res.feedback


def test_chains_split_statements_and_environments():
    found = prose.chains(r"Here $a_t = 1, b_t = 2$ and $$\begin{aligned} x &= y \\ &= z \end{aligned}$$")
    assert [c.sides for c in found] == [["a_t", "1"], ["b_t", "2"], ["x", "y", "z"]]
    assert not prose.is_prose("o_t*grad_h_t") and not prose.is_prose(r"$\tanh(C_t)$")


def test_cli_reads_a_markdown_answer_from_stdin():
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "check", A, "grad_o_last", "-",
                          "--json"], input=INLINE, capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["verdict"] == "correct" and got["diagnosis"]["graded_equation"] == 2


def test_hostile_markdown_gets_a_message():
    for text in ["\\[" * 3000 + "x", "Words $" + "h_t=" * 500 + "$ more", "$$ \\nabla o_t = $$ text",
                 "Here $\\nabla o_t = " + "(" * 300 + "$ and", "$" * 9000]:
        res = check_answer(A, "grad_o_last", text)
        assert res.verdict == "invalid" and res.feedback and "Traceback" not in res.feedback


def test_one_aligned_block_without_prose_is_read_as_a_chain():
    block = (r"$$\begin{aligned}\nabla h_t &= \frac{\partial y_t}{\partial h_t} \nabla y_t \\"
             r" &= w^y y_t (1 - y_t) \nabla y_t\end{aligned}$$")
    res = check_answer(A, "grad_h_last", block)
    assert res.verdict == "correct" and "Graded equation 1" in res.feedback
    wrong = block.replace("(1 - y_t)", "(1 - y_t)^2")
    res = check_answer(A, "grad_h_last", wrong)
    assert res.verdict == "incorrect" and "Step 2 does not follow from step 1" in res.feedback
