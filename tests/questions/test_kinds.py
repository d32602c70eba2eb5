"""The question kinds: every spec question has exactly one, and what differs between
kinds is asked of it."""
import pytest

from autograder.grading import spec
from autograder.questions.kinds import KINDS, KindError, kind_of


def test_every_question_of_every_assignment_has_a_kind():
    for aid in spec.available():
        for q in spec.load(aid).questions:
            assert kind_of(q).name == q.kind


def test_an_unknown_kind_is_named_with_the_known_ones():
    with pytest.raises(KindError, match="'essay' is not one of expression, derivation"):
        kind_of("essay")


def test_only_code_function_and_value_answers_need_the_sandbox():
    assert {k.name for k in KINDS.values() if k.needs_sandbox} == {"code", "function", "value"}
    assert {k.name for k in KINDS.values() if k.graded_last} == {"code", "function"}
    assert {k.name for k in KINDS.values() if k.reads_text} == {"expression", "derivation"}
    assert [k.name for k in KINDS.values() if not k.automatic] == ["manual"]


def test_a_spec_with_an_unusable_question_names_file_and_question(tmp_path):
    folder = tmp_path / "hw"
    folder.mkdir()
    (folder / "assignment.toml").write_text(
        'id = "hw"\nmodel = "rnn"\n[[question]]\nid = "v"\nkind = "value"\npoints = 1\nvariable = "x"\n')
    with pytest.raises(spec.SpecError, match=r"assignment.toml: question 1 \(v\): give expected or expected_from"):
        spec.load_file(folder / "assignment.toml")
