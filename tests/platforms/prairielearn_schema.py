"""results.json as PrairieLearn's external grading documentation describes it
(docs/externalGrading.md, "Grading results"): one object; `score` a number in [0, 1] when
gradable; `gradable` a boolean; `format_errors` a string or a list of strings; `message`
and `output` strings; `tests` a list of objects whose `name`, `description`, `message`,
`output` are strings and `points`, `max_points` numbers; at most 1 MB. Other keys are
allowed by the documentation."""
from __future__ import annotations

import json
import math


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def problems(text: str) -> list[str]:
    if len(text.encode()) > 1 << 20:
        return ["larger than 1 MB"]
    try:
        data = json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except ValueError as e:
        return [f"not JSON: {e}"]
    if not isinstance(data, dict):
        return ["not one object"]
    out = []
    gradable = data.get("gradable", True)
    if not isinstance(gradable, bool):
        out.append("gradable is not a boolean")
    if gradable and not ("score" in data and _number(data["score"]) and 0 <= data["score"] <= 1):
        out.append("a gradable result needs a score in [0, 1]")
    fe = data.get("format_errors", [])
    if not (isinstance(fe, str) or (isinstance(fe, list) and all(isinstance(x, str) for x in fe))):
        out.append("format_errors is not a string or a list of strings")
    for key in ("message", "output"):
        if key in data and not isinstance(data[key], str):
            out.append(f"{key} is not a string")
    tests = data.get("tests", [])
    if not isinstance(tests, list):
        return out + ["tests is not a list"]
    for i, t in enumerate(tests):
        if not isinstance(t, dict):
            out.append(f"tests[{i}] is not an object")
            continue
        for key in ("name", "description", "message", "output"):
            if key in t and not isinstance(t[key], str):
                out.append(f"tests[{i}].{key} is not a string")
        for key in ("points", "max_points"):
            if key in t and not _number(t[key]):
                out.append(f"tests[{i}].{key} is not a number")
    return out
