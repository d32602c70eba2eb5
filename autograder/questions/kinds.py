"""The kinds of question a spec may ask, one class each: what a question of the kind
needs in its spec, how its score is decided, how the student's local check treats it,
and whether its answer is read from the running notebook (the sandbox) or from the text.

Everything that differs between kinds is asked of `kind_of(question)`, not decided by
comparing kind names. The grader's and the local check's own functions (grading/score.py,
student.py) stay where they are; a kind only says which of them is its. Imports are
lazy: this module is part of the student's install, which holds no grader.
"""
from __future__ import annotations


class KindError(ValueError):
    """A question that its kind cannot grade; the spec loader adds file and question."""


class Kind:
    name = ""
    needs_sandbox = False      # its answer is read from the notebook's running code
    reads_text = False         # its answer is text checked by the expression engine
    typesets_answer = False    # the feedback shows the answer as mathematics
    per_student = False        # its expected answer depends on the student's id (value_seed)
    graded_last = False        # scored after every other kind (may use up the time budget)
    automatic = True           # scored by the grader (else by a person)
    has_test_cell = True       # an nbgrader test cell carries its points

    def default_variable(self, qid: str) -> str:
        """The name the answer cell assigns the answer to, when the spec gives none."""
        return ""

    def credit_rules(self):
        """The module whose `weights` and `UnknownRule` check `[question.credit]`."""
        from ..numeric import credit
        return credit

    def validate(self, q, model_name: str, models=None) -> None:
        """Raise KindError when `q` lacks what this kind needs; `models` are the folders
        the spec's model is declared in (models.model_folders)."""

    def score(self, q, grading):
        """The question's `QuestionResult`; `grading` is the pipeline's view of the
        submission (grading.pipeline.Grading)."""
        raise NotImplementedError

    def local_check(self, asg, q, answer, namespace):
        """The student's formative verdict (student.LocalResult)."""
        raise NotImplementedError


class Manual(Kind):
    name = "manual"
    automatic = False
    has_test_cell = False

    def score(self, q, grading):
        from ..grading import score
        return score.manual(q)

    def local_check(self, asg, q, answer, namespace):
        from .. import student
        return student.LocalResult(q.id, student.MANUAL,
                                   "A person reads this answer; there is nothing to check here.")


class Expression(Kind):
    name = "expression"
    reads_text = True
    typesets_answer = True

    def default_variable(self, qid: str) -> str:
        return qid

    def credit_rules(self):
        from ..expressions import credit
        return credit

    def validate(self, q, model_name: str, models=None) -> None:
        try:
            from ..derive.references import PATH, UnknownQuestion, path_reference, resolve
        except ModuleNotFoundError:     # a student's install: no references to check targets with
            return
        from ..models import get_model
        from ..models.declaration import DeclarationError

        if q.step not in ("general", "last"):
            raise KindError("step must be 'general' or 'last'")
        try:
            model = get_model(model_name, beside=models)
            if q.target.startswith(PATH):
                path_reference(model, q.target)
            else:
                resolve(model, q.target)
        except (UnknownQuestion, KeyError, DeclarationError) as err:
            raise KindError(str(err)) from None

    def score(self, q, grading):
        from ..grading import score
        from ..models import model_folders
        return score.expression(q, grading.assignment.model, grading.nb,
                                model_folders(grading.assignment.directory))

    def local_check(self, asg, q, answer, namespace):
        from .. import student
        return student._expression(asg, q, answer)


class Derivation(Expression):
    name = "derivation"
    typesets_answer = False    # several lines of working, shown as written


class Code(Kind):
    name = "code"
    needs_sandbox = True
    graded_last = True

    def validate(self, q, model_name: str, models=None) -> None:
        # the checker is checked against the [code] tables where the spec is read (grading/spec.py)
        if not q.functions:
            raise KindError("a code question names its functions")

    def score(self, q, grading):
        from ..grading import score
        return score.code(q, *grading.checker_result(q.checker))

    def local_check(self, asg, q, answer, namespace):
        from .. import student
        return student._code(asg, q, namespace)


class Value(Kind):
    name = "value"
    needs_sandbox = True
    per_student = True

    def validate(self, q, model_name: str, models=None) -> None:
        if not q.variable:
            raise KindError("a value question names its variable")
        if q.expected is None and not q.expected_from:
            raise KindError("give expected or expected_from")
        if q.expected_from:
            from ..grading.course_code import function_name
            try:
                function_name(q.expected_from)
            except ValueError as err:
                raise KindError(f"expected_from {err}") from None

    def score(self, q, grading):
        from ..grading import score
        return score.value(q, grading.execution, grading.seed)

    def local_check(self, asg, q, answer, namespace):
        from .. import student
        # a released copy of the spec lacks support.py: an instructor's install uses the course's
        return student._value(student._with_course_code(asg, q), answer, asg.id, namespace.get("STUDENT_ID"))


class Function(Kind):
    """One function the student writes, checked on the cases of the course's support.py
    against its reference there (grading/function_spec.py)."""
    name = "function"
    needs_sandbox = True
    graded_last = True

    def validate(self, q, model_name: str, models=None) -> None:
        if q.function is None:
            raise KindError("a function question declares its function")

    def score(self, q, grading):
        from ..grading import score
        return score.code(q, *grading.function_result(q))

    def local_check(self, asg, q, answer, namespace):
        from .. import student
        return student._function(asg, q, namespace)


KINDS: dict[str, Kind] = {k.name: k for k in (Expression(), Derivation(), Code(), Function(), Value(),
                                               Manual())}


def kind_of(question) -> Kind:
    """The kind of a question: a spec's Question, or its kind's name."""
    name = question if isinstance(question, str) else question.kind
    try:
        return KINDS[name]
    except KeyError:
        raise KindError(f"kind {name!r} is not one of {', '.join(KINDS)}") from None
