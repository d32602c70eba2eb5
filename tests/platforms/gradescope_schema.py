"""results.json as Gradescope's autograder specification documents it
(https://gradescope-autograders.readthedocs.io/en/latest/specs/, "Output format",
"Controlling Test Case Visibility", "Test case status", "Output String Formatting"),
checked strictly: a key the specification does not name is an error here."""
from __future__ import annotations

import json
import math

VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
STATUS = {"passed", "failed"}
TOP = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
       "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
        "visibility", "extra_data"}


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def problems(text: str) -> list[str]:
    """Everything in results.json (as text) that departs from the specification."""
    def no_constants(name):
        raise ValueError(f"{name} is not JSON")
    try:
        data = json.loads(text, parse_constant=no_constants)
    except ValueError as e:
        return [f"not JSON: {e}"]
    if not isinstance(data, dict):
        return [f"the top level is a {type(data).__name__}, not one object"]
    out = [f"unknown top-level key {k!r}" for k in data if k not in TOP]
    for key in ("score", "execution_time"):
        if key in data and not _number(data[key]):
            out.append(f"{key} is not a number")
    for key in ("output",):
        if key in data and not isinstance(data[key], str):
            out.append(f"{key} is not a string")
    for key in ("output_format", "test_output_format", "test_name_format"):
        if key in data and data[key] not in FORMATS:
            out.append(f"{key} {data[key]!r} is not one of {sorted(FORMATS)}")
    for key in ("visibility", "stdout_visibility"):
        if key in data and data[key] not in VISIBILITY:
            out.append(f"{key} {data[key]!r} is not one of {sorted(VISIBILITY)}")
    if "extra_data" in data and not isinstance(data["extra_data"], dict):
        out.append("extra_data is not an object")
    tests = data.get("tests", [])
    if not isinstance(tests, list):
        return out + ["tests is not a list"]
    if "score" not in data and ("tests" not in data or any("score" not in t for t in tests if isinstance(t, dict))):
        out.append("no top-level score, and not every test has one")
    for i, t in enumerate(tests):
        where = f"tests[{i}]"
        if not isinstance(t, dict):
            out.append(f"{where} is not an object")
            continue
        out += [f"{where}: unknown key {k!r}" for k in t if k not in TEST]
        for key in ("score", "max_score"):
            if key in t and not _number(t[key]):
                out.append(f"{where}.{key} is not a number")
        for key in ("name", "number", "output"):
            if key in t and not isinstance(t[key], str):
                out.append(f"{where}.{key} is not a string")
        if "status" in t and t["status"] not in STATUS:
            out.append(f"{where}.status {t['status']!r} is not passed or failed")
        for key in ("name_format", "output_format"):
            if key in t and t[key] not in FORMATS:
                out.append(f"{where}.{key} {t[key]!r} is not one of {sorted(FORMATS)}")
        if "visibility" in t and t["visibility"] not in VISIBILITY:
            out.append(f"{where}.visibility {t['visibility']!r} is not one of {sorted(VISIBILITY)}")
        if "tags" in t and not (isinstance(t["tags"], list) and all(isinstance(x, str) for x in t["tags"])):
            out.append(f"{where}.tags is not a list of strings")
        if "extra_data" in t and not isinstance(t["extra_data"], dict):
            out.append(f"{where}.extra_data is not an object")
    return out


def student_text(data: dict) -> list[str]:
    """Every string a student reads: the top-level output, the test names and outputs."""
    return [data.get("output", "")] + [t.get(k, "") for t in data.get("tests", []) for k in ("name", "output")]


def looks_like_data(text: str) -> bool:
    """A student-facing string that is raw data (a JSON object or list, a Python dict) rather
    than words."""
    s = text.strip()
    if '{"' in s or "{'" in s:
        return True
    try:
        return isinstance(json.loads(s), (dict, list))
    except ValueError:
        return False
