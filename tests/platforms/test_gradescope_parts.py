"""The parts of the Gradescope bundle, without installing anything: which file of an upload
is graded, the results.json shape, the zip's layout, and the command's usage errors."""
from __future__ import annotations

import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.grading.pipeline import load_assignment
from autograder.platforms.gradescope import shape, student_id
from autograder.platforms.single import find_notebook, not_graded

from .gradescope_schema import looks_like_data, problems, student_text

ROOT = Path(__file__).resolve().parents[2]


def autograder(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder.cli", *args], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


# -- the schema check itself refuses what Gradescope would not take -------------------

@pytest.mark.parametrize("text, complaint", [
    ("[]", "not one object"),
    ('[{"score": 1}]', "not one object"),
    ('{"score": 1, "max_score": 2}', "unknown top-level key 'max_score'"),
    ('{"score": 1, "tests": [{"score": 1, "status": "pending"}]}', "is not passed or failed"),
    ('{"score": 1, "visibility": "students"}', "visibility"),
    ('{"score": NaN}', "not JSON"),
    ('{"tests": [{"name": "a"}]}', "no top-level score"),
    ('{"score": 1, "output_format": "latex"}', "output_format"),
])
def test_schema_check_refuses(text, complaint):
    assert any(complaint in p for p in problems(text)), problems(text)


def test_schema_check_takes_the_documented_example():
    example = {"score": 44.0, "execution_time": 136, "output": "Text", "output_format": "simple_format",
               "test_output_format": "text", "test_name_format": "text", "visibility": "after_due_date",
               "stdout_visibility": "visible", "extra_data": {},
               "tests": [{"score": 2.0, "max_score": 2.0, "status": "passed", "name": "Your name here",
                          "name_format": "text", "number": "1.1", "output": "Giant", "output_format": "text",
                          "tags": ["tag1"], "visibility": "visible", "extra_data": {}}],
               "leaderboard": [{"name": "Accuracy", "value": .926}]}
    assert problems(json.dumps(example)) == []


# -- which file of an upload is graded ----------------------------------------------

def _upload(tmp_path, *names):
    folder = tmp_path / "submission"
    folder.mkdir()
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("{}")
    return folder


def test_the_assignments_notebook_is_taken_wherever_it_is(tmp_path):
    folder = _upload(tmp_path, "repo/hw/rnn_bptt.ipynb", "scratch.ipynb", ".ipynb_checkpoints/x.ipynb")
    found = find_notebook(folder, "rnn_bptt.ipynb")
    assert found.path == folder / "repo/hw/rnn_bptt.ipynb"
    assert "scratch.ipynb" in found.note and "checkpoints" not in found.note


def test_the_only_notebook_is_taken_whatever_its_name(tmp_path):
    folder = _upload(tmp_path, "my homework.ipynb", "notes.txt", "__MACOSX/._my homework.ipynb")
    assert find_notebook(folder, "rnn_bptt.ipynb").path == folder / "my homework.ipynb"


@pytest.mark.parametrize("names, said", [
    ((), "nothing was uploaded"),
    (("a.ipynb", "b.ipynb"), "2 .ipynb files were uploaded (a.ipynb, b.ipynb)"),
    (("x/rnn_bptt.ipynb", "y/rnn_bptt.ipynb"), "2 files are named rnn_bptt.ipynb"),
    (("report.pdf",), "no notebook was uploaded (found: report.pdf)"),
])
def test_no_single_notebook_is_said(tmp_path, names, said):
    found = find_notebook(_upload(tmp_path, *names), "rnn_bptt.ipynb")
    assert found.path is None and said in found.problem, found.problem


# -- results.json ---------------------------------------------------------------------

def test_a_submission_without_a_notebook_is_one_object_with_every_question_at_zero():
    asg = load_assignment("lstm_univariate")
    data = shape(not_graded(asg, "student", "nothing was uploaded; upload your lstm_univariate.ipynb"))
    assert problems(json.dumps(data)) == []
    assert data["score"] == 0 and len(data["tests"]) == len(asg.questions)
    assert "nothing was uploaded" in data["output"]
    manual = [t for t in data["tests"] if "pending" in t.get("tags", [])]
    assert manual and all("status" not in t for t in manual)       # Gradescope knows passed/failed only
    assert all(t["status"] == "failed" for t in data["tests"] if t not in manual)


def test_graded_results_keep_scores_and_speak_in_words(tmp_path):
    from autograder.grading.pipeline import grade_submission

    sub = ROOT / "assignments/lstm_univariate/samples/derivative_slips.ipynb"
    result = grade_submission("lstm_univariate", sub, "alice")
    data = shape(result, visibility="after_due_date", seconds=3.4)
    assert problems(json.dumps(data)) == []
    assert data["score"] == pytest.approx(result["score"]) and data["score"] < result["max_score"]
    assert [t["score"] for t in data["tests"]] == [t["score"] for t in result["tests"]]
    assert [t["number"] for t in data["tests"]] == [str(i) for i in range(1, len(result["tests"]) + 1)]
    assert data["visibility"] == "after_due_date" and data["execution_time"] == 3
    assert all(not looks_like_data(s) for s in student_text(data)), student_text(data)
    # the diagnosis stays for the instructor, in extra_data (stored, not shown)
    assert any(q.get("diagnosis") for q in data["extra_data"]["questions"].values())


def test_the_submitter_seeds_the_checks(tmp_path):
    meta = tmp_path / "submission_metadata.json"
    meta.write_text(json.dumps({"users": [{"id": 99, "email": "b@x"}, {"id": 7, "email": "a@x"}]}))
    assert student_id(meta) == "gradescope-7-99"
    meta.write_text("not json")
    assert student_id(meta) == "student"
    assert student_id(tmp_path / "missing.json") == "student"


# -- the zip and the command ------------------------------------------------------------

def test_the_bundle_holds_scripts_spec_and_this_graders_wheel_and_no_solution(tmp_path):
    out = tmp_path / "autograder.zip"
    r = autograder("gradescope", "rnn_bptt", "--out", str(out))    # builds the wheel of this checkout
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        infos = {i.filename: i for i in z.infolist()}
        wheel = next(n for n in infos if n.endswith(".whl"))
        assert set(infos) == {"setup.sh", "run_autograder", "assignments/rnn_bptt/assignment.toml",
                              "assignments/rnn_bptt/support.py",
                              "assignments/rnn_bptt/rnn.model.toml",            # the model its questions read
                              "assignments/rnn_bptt/source/rnn_bptt.ipynb", wheel}   # the code questions' reference
        # the reference is cut down to the code questions' answer cells: no other solution
        import json
        kept = json.loads(z.read("assignments/rnn_bptt/source/rnn_bptt.ipynb"))["cells"]
        assert kept and all(c["cell_type"] == "code" for c in kept)
        for script in ("setup.sh", "run_autograder"):                  # at the root, executable
            assert stat.S_IMODE(infos[script].external_attr >> 16) & 0o111
        for name in ("assignment.toml", "support.py"):       # the spec and its expected values' code
            assert z.read(f"assignments/rnn_bptt/{name}") == (ROOT / "assignments/rnn_bptt" / name).read_bytes()
        assert z.read("assignments/rnn_bptt/rnn.model.toml") == (ROOT / "assignments/models/rnn.model.toml").read_bytes()
        setup = z.read("setup.sh").decode()
        (tmp_path / "w.whl").write_bytes(z.read(wheel))
    from importlib.metadata import version
    assert wheel == f"bptt_grader-{version('bptt-grader')}-py3-none-any.whl" and f'"$SOURCE/{wheel}"' in setup
    with zipfile.ZipFile(tmp_path / "w.whl") as w:
        names = w.namelist()
    assert "autograder/platforms/gradescope.py" in names
    assert not [n for n in names if n.endswith(".ipynb") or n.startswith(("solutions/", "assignments/", "tests/"))]


def test_a_pinned_requirement_is_installed_instead_of_a_wheel(tmp_path):
    out = tmp_path / "autograder.zip"
    r = autograder("gradescope", "lstm_univariate", "--out", str(out), "--grader", "bptt-grader[plots]==0.1.0",
                   "--visibility", "after_published", "--timeout", "300")
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if n.endswith(".whl")]
        assert "GRADER='bptt-grader[plots]==0.1.0'" in z.read("setup.sh").decode()
        run = z.read("run_autograder").decode()
    assert "--visibility after_published" in run and "--timeout 300" in run


@pytest.mark.parametrize("args, said", [
    (("--grader", "bptt-grader"), "name one version"),
    (("--grader", "bptt-grader>=0.1"), "name one version"),
    (("--grader", "bptt-grader==0.1.0; rm -rf /"), "name one version"),
    (("--wheel", "x.whl", "--grader", "bptt-grader==0.1.0"), "not both"),
    (("--wheel", "nowhere/bptt_grader-0.1.0-py3-none-any.whl"), "no such file"),
    (("--visibility", "always"), "always"),
])
def test_usage_errors(tmp_path, args, said):
    r = autograder("gradescope", "rnn_bptt", "--out", str(tmp_path / "a.zip"), *args)
    assert r.returncode == 2 and said in r.stderr, r.stderr
    assert not (tmp_path / "a.zip").exists()


def test_usage_errors_about_the_output_and_the_assignment(tmp_path):
    r = autograder("gradescope", "rnn_bptt", "--out", str(tmp_path / "a.tar"))
    assert r.returncode == 2 and ".zip" in r.stderr
    r = autograder("gradescope", "rnn_bptt", "--out", str(tmp_path / "no" / "a.zip"))
    assert r.returncode == 2 and "does not exist" in r.stderr
    r = autograder("gradescope", "no_such_assignment", "--out", str(tmp_path / "a.zip"))
    assert r.returncode == 2 and "unknown assignment" in r.stderr


def test_a_file_that_is_not_a_grader_wheel_is_refused(tmp_path):
    fake = tmp_path / "bptt_grader-0.1.0-py3-none-any.whl"
    fake.write_text("not a zip")
    r = autograder("gradescope", "rnn_bptt", "--out", str(tmp_path / "a.zip"), "--wheel", str(fake))
    assert r.returncode == 2 and "cannot be read as a wheel" in r.stderr
    other = tmp_path / "numpy-1.0-py3-none-any.whl"
    other.write_text("")
    r = autograder("gradescope", "rnn_bptt", "--out", str(tmp_path / "a.zip"), "--wheel", str(other))
    assert r.returncode == 2 and "not a bptt-grader wheel" in r.stderr


@pytest.mark.parametrize("assignment", ["lstm_univariate", "rnn_bptt", "lstm_numpy", "lstm_gradient_flow"])
def test_every_sample_submission_becomes_a_valid_result_in_words(tmp_path, assignment):
    out = tmp_path / "r.json"
    r = autograder("grade", "--assignment", assignment, str(ROOT / "assignments" / assignment / "samples"),
                   "--json", str(out), "--quiet", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    results = json.loads(out.read_text())
    assert isinstance(results, list) and len(results) > 1     # grade --json of a class: a list, for batch use
    for result in results:
        data = shape(result)
        assert problems(json.dumps(data)) == []
        assert data["score"] == pytest.approx(result["score"]) and data["score"] < 100
        assert [s for s in student_text(data) if looks_like_data(s)] == []


def test_a_grader_installed_from_a_wheel_asks_for_one(tmp_path, monkeypatch):
    """Without a checkout there is nothing to build the wheel from: say what to give instead."""
    from click.testing import CliRunner

    from autograder import cli
    from autograder.platforms import wheel

    monkeypatch.setattr(wheel, "checkout", lambda: None)
    r = CliRunner().invoke(cli.main, ["gradescope", "rnn_bptt", "--out", str(tmp_path / "a.zip")])
    assert r.exit_code == 2 and "--wheel PATH" in r.output and "--grader" in r.output, r.output
    assert not (tmp_path / "a.zip").exists()


def test_an_upload_of_too_many_files_is_refused_without_reading_them_all(tmp_path, monkeypatch):
    from autograder.platforms import single

    monkeypatch.setattr(single, "MAX_ENTRIES", 5)
    folder = _upload(tmp_path, *[f"d/f{i}.txt" for i in range(6)], "rnn_bptt.ipynb")
    found = find_notebook(folder, "rnn_bptt.ipynb")
    assert found.path is None and "more than 5 files" in found.problem
