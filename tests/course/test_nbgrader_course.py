"""The README's nbgrader round trip on a real course folder: our grades go into the gradebook,
then `nbgrader generate_feedback` and `nbgrader export` work as usual; and a gradebook is never
damaged by grades that do not fit it."""
import csv
import json
import re
import sqlite3

from click.testing import CliRunner

from autograder.cli import main

from .conftest import CLASS, STUDENTS, as_list, grade_cli, nbgrader


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def gradebook_state(course):
    """What formgrader and export read: submissions and their grades and comments."""
    with sqlite3.connect(course / "gradebook.db") as db:
        return {t: db.execute(f"select * from {t} order by id").fetchall()
                for t in ("submitted_assignment", "submitted_notebook", "grade", "comment", "student")}


def test_round_trip_as_the_readme_says(course, alone):
    db = course / "gradebook.db"
    code, ours, err = grade_cli("--assignment", "rnn_bptt", course / "submitted", "--nbgrader-db", db)
    assert code == 0, err
    r = cli("grade", "--assignment", "lstm_numpy", course / "submitted", "-q", "--json", course / "numpy.json")
    assert r.exit_code == 0, r.output
    r = cli("nbgrader-sync", "--assignment", "lstm_numpy", "--db", db, course / "numpy.json")
    assert r.exit_code == 0 and "for 3 students" in r.output, r.output

    for aid in CLASS:
        nbgrader(course, "generate_feedback", aid)
        for s in STUDENTS:
            html = (course / "feedback" / s / aid / f"{aid}.html").read_text()
            total = re.search(r"Score: ([0-9.]+) / 100", html)        # nbgrader's total for the notebook
            assert abs(float(total.group(1)) - alone[aid, s]) < 1e-6, (aid, s)
    bob = (course / "feedback" / "bob" / "rnn_bptt" / "rnn_bptt.html").read_text()
    missing = next(t for t in as_list(ours) if t["extra_data"]["student_id"] == "bob")
    lost = next(t for t in missing["tests"] if t["score"] < t["max_score"])
    assert lost["output"].split("\n")[0][:40] in bob.replace("&#39;", "'").replace("&quot;", '"')

    nbgrader(course, "export", "--to", course / "grades.csv")
    rows = {(r["assignment"], r["student_id"]): float(r["raw_score"])
            for r in csv.DictReader((course / "grades.csv").open())}
    assert rows.keys() == alone.keys()
    assert all(abs(rows[k] - v) < 1e-6 for k, v in alone.items()), (rows, alone)


def test_after_nbgrader_autograde_our_scores_replace_its_own(course, alone):
    nbgrader(course, "autograde", "rnn_bptt")
    code, _, err = grade_cli("--assignment", "rnn_bptt", course / "submitted",
                             "--nbgrader-db", course / "gradebook.db")
    assert code == 0, err
    nbgrader(course, "generate_feedback", "rnn_bptt")
    nbgrader(course, "export", "--to", course / "grades.csv")
    rows = {r["student_id"]: float(r["raw_score"]) for r in csv.DictReader((course / "grades.csv").open())
            if r["assignment"] == "rnn_bptt"}
    assert all(abs(rows[s] - alone["rnn_bptt", s]) < 1e-6 for s in STUDENTS)


def _results(course, aid, student="alice"):
    code, res, err = grade_cli("--assignment", aid, course / "submitted" / student / aid / f"{aid}.ipynb")
    assert code == 0, err
    return res


def test_refused_syncs_write_nothing(course, tmp_path):
    db = course / "gradebook.db"
    before = gradebook_state(course)
    cases = []
    # results of another assignment
    (tmp_path / "numpy.json").write_text(json.dumps(_results(course, "lstm_numpy")))
    cases.append(((tmp_path / "numpy.json", db), "of assignment 'lstm_numpy', not of 'rnn_bptt'"))
    # the same, with the assignment's name taken out: its questions give it away
    other = _results(course, "lstm_numpy")
    other["extra_data"].pop("assignment")
    (tmp_path / "anon.json").write_text(json.dumps(other))
    cases.append(((tmp_path / "anon.json", db), "questions rnn_bptt does not have"))
    # a student the gradebook does not know
    dave = _results(course, "rnn_bptt")
    dave["extra_data"]["student_id"] = "dave"
    (tmp_path / "dave.json").write_text(json.dumps([_results(course, "rnn_bptt"), dave]))
    cases.append(((tmp_path / "dave.json", db), "no student 'dave'"))
    # not results at all
    (tmp_path / "junk.json").write_text(json.dumps([{"student_id": "alice", "score": 100}]))
    cases.append(((tmp_path / "junk.json", db), "not results of `autograder grade --json`"))
    # a gradebook path that does not exist
    (tmp_path / "alice.json").write_text(json.dumps(_results(course, "rnn_bptt")))
    cases.append(((tmp_path / "alice.json", tmp_path / "nowhere" / "gradebook.db"), "does not exist"))
    cases.append(((tmp_path / "alice.json", tmp_path / "gradebook.db"), "does not exist"))
    for (results, gradebook), saying in cases:
        r = cli("nbgrader-sync", "--assignment", "rnn_bptt", "--db", gradebook, results)
        assert r.exit_code == 2 and saying in r.output, (saying, r.output)
    assert gradebook_state(course) == before                 # formgrader sees no new submission
    assert not (tmp_path / "gradebook.db").exists() and not (course / "autograded").exists()


def test_a_student_without_a_collected_submission_is_refused(course, tmp_path):
    import shutil

    before = gradebook_state(course)
    results = _results(course, "rnn_bptt", "carol")
    shutil.rmtree(course / "submitted" / "carol" / "rnn_bptt")
    (tmp_path / "carol.json").write_text(json.dumps(results))
    r = cli("nbgrader-sync", "--assignment", "rnn_bptt", "--db", course / "gradebook.db", tmp_path / "carol.json")
    assert r.exit_code == 2 and "no submission of 'rnn_bptt'" in r.output and "'carol'" in r.output
    assert gradebook_state(course) == before


def test_grade_refuses_a_gradebook_that_cannot_take_the_grades_before_grading(course):
    (course / "submitted" / "dave" / "rnn_bptt").mkdir(parents=True)
    (course / "submitted" / "dave" / "rnn_bptt" / "rnn_bptt.ipynb").write_text(
        (course / "submitted" / "alice" / "rnn_bptt" / "rnn_bptt.ipynb").read_text())
    before = gradebook_state(course)
    r = cli("grade", "--assignment", "rnn_bptt", course / "submitted", "-q", "--nbgrader-db",
            course / "gradebook.db", "--json", course / "r.json")
    assert r.exit_code == 2 and "no student 'dave'" in r.output
    assert not (course / "r.json").exists()                 # refused before any grading
    assert gradebook_state(course) == before


def test_grading_the_course_folder_itself_points_to_submitted(course):
    code, _, err = grade_cli("--assignment", "rnn_bptt", course)
    assert code == 2 and "nbgrader course folder" in err and "submitted" in err


def test_released_notebooks_say_which_assignment_they_are(nbgrader_course):
    for aid in CLASS:    # nbgrader's generate_assignment keeps the metadata the build writes
        released = json.loads((nbgrader_course / "release" / aid / f"{aid}.ipynb").read_text())
        assert released["metadata"]["autograder"]["assignment"] == aid
