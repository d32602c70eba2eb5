"""A model declared in a course folder: `<course>/models/<name>.model.toml`.

The file is data, never run: TOML read by tomllib, each node's formula a one-line
expression in the text language students write (`sigma(W_hf*h_tm1 + W_xf*X_t + W0_f)`),
parsed by the students' parser against the model's own names. Every inconsistency is a
Problem naming the file and line (tomllib keeps no lines, so the line of a key is found
by scanning the text).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import sympy

from .graph import Alias, Model, Node, Quantity
from .naming import at_offset, at_step, split_time, sym

SUFFIX = ".model.toml"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*")
_TOP = {"name", "title", "weights", "inputs", "nodes", "initial", "given", "aliases"}
_QUANTITY = ("name", "latex", "meaning")
_NODE = (*_QUANTITY, "formula")
# the steps a formula may be written at; wider than what is allowed, so that h_tp1 is
# refused as a step of the future rather than as an unknown name
_OFFSETS = range(-3, 4)
_STEPS = range(0, 13)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DeclarationError(ValueError):
    """A declaration that cannot be read; `problems` holds every one found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load(path: Path) -> Model:
    """The model declared in `path`, or DeclarationError listing every problem."""
    model, found = read(path)
    if found:
        raise DeclarationError(found)
    return model


def problems(course_root: Path) -> list[Problem]:
    """Every problem of every model declaration under `course_root/models/`."""
    folder = Path(course_root) / "models"
    if not folder.is_dir():
        return []
    found: list[Problem] = []
    for path in sorted(folder.glob("*" + SUFFIX)):
        found += read(path)[1]
    return found


def read(path: Path) -> tuple[Model | None, list[Problem]]:
    """(the model, []) or (None, the problems of the file)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, [Problem(str(path), 1, f"cannot be read ({err})")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        return None, [Problem(str(path), int(m.group(1)) if m else 1, f"not valid TOML ({err})")]
    reader = _Reader(path, text)
    model = reader.model(data)
    return (None if reader.found else model), reader.found


class _Lines:
    """Where keys stand in the file's text."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def find(self, pattern: str, start: int = 0, stop: int | None = None) -> int | None:
        """1-based number of the first line from `start` (0-based) matching, or None."""
        rx = re.compile(pattern)
        for k in range(start, len(self.lines) if stop is None else stop):
            if rx.search(self.lines[k]):
                return k + 1
        return None

    def key(self, key: str) -> int:
        return self.find(rf"^\s*(?:{re.escape(key)}\s*=|\[+\s*{re.escape(key)}\s*\]+)") or 1

    def table(self, array: str, index: int) -> tuple[int, int]:
        """(first, last) 0-based lines of the index-th [[array]] table."""
        header = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]")
        starts = [k for k, line in enumerate(self.lines) if header.search(line)]
        if index >= len(starts):
            return 0, len(self.lines)
        end = next((k for k in range(starts[index] + 1, len(self.lines))
                    if re.match(r"^\s*\[", self.lines[k])), len(self.lines))
        return starts[index], end

    def entry(self, array: str, index: int, entry: dict, field: str | None = None,
              occurrence: int = 0) -> int:
        """The line of an entry of `array` (a [[table]] or an inline table), or of its field;
        `occurrence` counts earlier inline entries of the same name."""
        first, end = self.table(array, index)
        if first or self.find(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]"):
            if field:
                found = self.find(rf"^\s*{re.escape(field)}\s*=", first, end)
                if found:
                    return found
            return first + 1
        name = entry.get("name") if isinstance(entry, dict) else None
        start = self.key(array) - 1
        line = start
        for _ in range(occurrence + 1 if isinstance(name, str) else 0):
            found = self.find(rf"\bname\s*=\s*[\"']{re.escape(name)}[\"']", line)
            if found is None:
                break
            line = found
        return max(line, start + 1)


class _Reader:
    def __init__(self, path: Path, text: str):
        self.file = str(path)
        self.stem = path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
        self.lines = _Lines(text)
        self.found: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.found.append(Problem(self.file, line, message))

    def model(self, data: dict) -> Model | None:
        for key in sorted(set(data) - _TOP):
            self.problem(self.lines.key(key), f"unknown field {key!r}; a model declares "
                         + ", ".join(sorted(_TOP)))
        name, title = self.text(data, "name"), self.text(data, "title")
        if name and name != self.stem:
            self.problem(self.lines.key("name"), f"the model is named {name!r} but its file is "
                         f"{self.stem}{SUFFIX}; name the file after the model")
        weights, weight_names = self.entries(data, "weights", _QUANTITY)
        inputs, input_names = self.entries(data, "inputs", _QUANTITY)
        nodes, node_names = self.entries(data, "nodes", _NODE)
        self.duplicates([("weights", weight_names), ("inputs", input_names), ("nodes", node_names)])
        self.latex_names([("weights", weights), ("inputs", inputs), ("nodes", nodes)])
        initial = self.initial(data, node_names)
        given = self.given(data, node_names, weight_names + input_names + node_names)
        aliases = self.aliases(data, node_names + input_names)
        definitions = self.formulas(nodes, weight_names, input_names, node_names, initial)
        if self.found:
            return None
        return Model(name=name, title=title,
                     weights=tuple(Quantity(e["name"], e["latex"], e["meaning"]) for e in weights),
                     inputs=tuple(Quantity(e["name"], e["latex"], e["meaning"]) for e in inputs),
                     nodes=tuple(Node(n["name"], n["latex"], n["meaning"], definitions[n["name"]])
                                 for n in nodes),
                     initial=tuple(initial), given=given, aliases=tuple(aliases))

    # -- fields ----------------------------------------------------------------------

    def text(self, data: dict, key: str) -> str:
        value = data.get(key)
        if value is None:
            self.problem(1, f"missing field {key!r}")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(self.lines.key(key), f"{key!r} must be a non-empty string")
            return ""
        return value

    def entries(self, data: dict, array: str, fields: tuple[str, ...]) -> tuple[list[dict], list[str]]:
        """(the well-formed entries of an array of tables, the name of every entry that has
        one); a problem for each entry that is not well formed. The names of flawed entries
        count as declared, so that one flaw is reported once and not again in every formula
        that uses the name."""
        value = data.get(array)
        if value is None:
            self.problem(1, f"missing field {array!r}")
            return [], []
        if not isinstance(value, list) or not value:
            self.problem(self.lines.key(array), f"{array!r} must be a non-empty list of tables")
            return [], []
        good, names = [], []
        for k, entry in enumerate(value):
            if not isinstance(entry, dict):
                self.problem(self.lines.key(array), f"{array} entry {k + 1} is not a table")
                continue
            ok = True
            for extra in sorted(set(entry) - set(fields)):
                self.problem(self.lines.entry(array, k, entry, extra),
                             f"{array} entry {k + 1}: unknown field {extra!r}; an entry has "
                             + ", ".join(fields))
                ok = False
            for f in fields:
                if not isinstance(entry.get(f), str) or not entry[f].strip():
                    what = "missing field" if f not in entry else "not a non-empty string:"
                    self.problem(self.lines.entry(array, k, entry, f if f in entry else None),
                                 f"{array} entry {k + 1}{_called(entry)}: {what} {f!r}")
                    ok = False
            if isinstance(entry.get("name"), str) and _NAME.fullmatch(entry["name"]) \
                    and not split_time(entry["name"]):
                names.append(entry["name"])
            if ok and not _NAME.fullmatch(entry["name"]):
                self.problem(self.lines.entry(array, k, entry, "name"),
                             f"{entry['name']!r} is not a name: letters and digits, parts joined by '_'")
                ok = False
            elif ok and (split_time(entry["name"]) or entry["name"].startswith("grad_")):
                self.problem(self.lines.entry(array, k, entry, "name"),
                             f"{entry['name']!r} ends like a step (_t, _tm1, _3) or starts with grad_; "
                             "a quantity's name has neither: the step is added where it is used")
                ok = False
            if ok:
                good.append(entry)
        return good, names

    def duplicates(self, groups: list[tuple[str, list[str]]]) -> None:
        seen: dict[str, str] = {}
        for array, names in groups:
            for k, name in enumerate(names):
                if name in seen:
                    self.problem(self.lines.entry(array, k, {"name": name}, "name",
                                                  occurrence=names[:k].count(name)),
                                 f"{name!r} is declared twice (already among the {seen[name]})")
                else:
                    seen[name] = array

    def latex_names(self, groups: list[tuple[str, list[dict]]]) -> None:
        """Each quantity's LaTeX is one name, and no two quantities share one: a LaTeX
        answer names a quantity by it."""
        from ..expressions.latex_tokens import canonical_name

        seen: dict[tuple, str] = {}
        for array, entries in groups:
            for k, e in enumerate(entries):
                line = self.lines.entry(array, k, e, "latex")
                try:
                    key = canonical_name(e["latex"]).key()
                except ValueError:
                    self.problem(line, f"{e['name']}: latex {e['latex']!r} is not one LaTeX name "
                                 "(such as W^{hf}, \\tilde{C} or W_0^{f})")
                    continue
                if key in seen:
                    self.problem(line, f"{e['name']} and {seen[key]} have the same LaTeX "
                                 f"{e['latex']!r}; a LaTeX answer could not tell them apart")
                else:
                    seen[key] = e["name"]

    def initial(self, data: dict, node_names: list[str]) -> list[str]:
        value = data.get("initial")
        if value is None:
            self.problem(1, "missing field 'initial' (the nodes given before step 1, [] for none)")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(self.lines.key("initial"), "'initial' must be a list of node names")
            return []
        for v in value:
            if v not in node_names:
                self.problem(self.lines.key("initial"), f"initial: {v!r} is not a node of the model")
        return list(value)

    def given(self, data: dict, node_names: list[str], taken: list[str]) -> dict:
        value = data.get("given")
        if value is None:
            self.problem(1, "missing field 'given' (where the loss enters: node = "
                         "{ name = ..., latex = ... })")
            return {}
        if not isinstance(value, dict) or not value:
            self.problem(self.lines.key("given"), "'given' must be a table: node = { name, latex }")
            return {}
        start = self.lines.key("given") - 1
        out = {}
        for node, entry in value.items():
            line = self.lines.find(rf"^\s*{re.escape(node)}\s*=", start) or start + 1
            if node not in node_names:
                self.problem(line, f"given: {node!r} is not a node of the model")
                continue
            if not (isinstance(entry, dict) and set(entry) == {"name", "latex"}
                    and all(isinstance(v, str) for v in entry.values())):
                self.problem(line, f"given: {node} must be {{ name = \"...\", latex = '...' }}")
                continue
            if not _NAME.fullmatch(entry["name"]) or entry["name"] in taken:
                self.problem(line, f"given: {entry['name']!r} must be a new name, not one of the "
                             "model's quantities")
                continue
            out[node] = (entry["name"], entry["latex"])
        return out

    def aliases(self, data: dict, timed: list[str]) -> list[Alias]:
        value = data.get("aliases", [])
        if not isinstance(value, list):
            self.problem(self.lines.key("aliases"), "'aliases' must be a list of tables")
            return []
        out = []
        for k, entry in enumerate(value):
            line = self.lines.entry("aliases", k, entry if isinstance(entry, dict) else {})
            if not (isinstance(entry, dict) and set(entry) == {"text", "latex", "means"}
                    and isinstance(entry["text"], str) and isinstance(entry["latex"], str)):
                self.problem(line, f"aliases entry {k + 1}: needs exactly text, latex and means")
                continue
            means = entry["means"]
            if not (isinstance(means, list) and means and all(
                    isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) for x in m)
                    for m in means)):
                self.problem(line, f"alias {entry['text']!r}: means is a list of "
                             "[quantity, who writes it so] pairs")
                continue
            wrong = [m[0] for m in means if m[0] not in timed]
            if wrong:
                self.problem(line, f"alias {entry['text']!r} stands for {', '.join(wrong)}, which "
                             "is not a node or input of the model")
                continue
            out.append(Alias(entry["text"], entry["latex"], tuple((m[0], m[1]) for m in means)))
        return out

    # -- formulas --------------------------------------------------------------------

    def formulas(self, nodes: list[dict], weights: list[str], inputs: list[str],
                 node_names: list[str], initial: list[str]) -> dict[str, sympy.Expr]:
        vocab = _vocabulary(weights, inputs, node_names)
        out, uses, lines = {}, {}, {}
        for k, n in enumerate(nodes):
            lines[n["name"]] = line = self.lines.entry("nodes", k, n, "formula")
            expr = self.parse(n["name"], n["formula"], vocab, line)
            if expr is None:
                continue
            out[n["name"]] = expr
            uses[n["name"]] = self.steps(n["name"], expr, inputs, node_names, initial, line)
        self.order([n["name"] for n in nodes], uses, lines)
        return out

    def parse(self, node: str, formula: str, vocab, line: int) -> sympy.Expr | None:
        from ..expressions.errors import AnswerError
        from ..expressions.parse_text import parse_text
        from ..expressions.readings import collect

        try:
            with collect() as notes:
                expr = parse_text(formula, vocab)
        except AnswerError as err:
            self.problem(line, f"the formula of {node}: {err.message}")
            return None
        if notes:
            self.problem(line, f"the formula of {node}: write the model's own names: "
                         + ", ".join(f"{m} for {w}" for w, m in notes))
            return None
        return expr

    def steps(self, node: str, expr: sympy.Expr, inputs, node_names, initial,
              line: int) -> set[str]:
        """The nodes `node` uses at the same step; a problem for each step not allowed."""
        same = set()
        for s in sorted(expr.free_symbols, key=str):
            parts = split_time(s.name)
            if parts is None:
                continue                       # a weight
            base, kind, index = parts
            if kind == "step":
                self.problem(line, f"the formula of {node} uses {s.name}, a concrete step; "
                             f"write it at the generic step ({at_offset(base, 0)}, "
                             f"{at_offset(base, -1)})")
            elif index > 0:
                self.problem(line, f"the formula of {node} uses {s.name}, a later step; a "
                             "node is computed from the present and past steps only")
            elif base in inputs and index:
                self.problem(line, f"the formula of {node} uses {s.name}; an input is used "
                             f"at its own step ({at_offset(base, 0)})")
            elif index < 0 and base not in initial:
                self.problem(line, f"the formula of {node} uses {s.name}, but {base} has no "
                             "value before step 1; add it to 'initial'")
            elif index == 0 and base in node_names:
                same.add(base)
        return same

    def order(self, names: list[str], uses: dict[str, set[str]], lines: dict[str, int]) -> None:
        """Nodes are computed in the order declared: a node uses at its step only nodes
        declared before it, and never itself through a cycle."""
        cycle = _cycle(names, uses)
        if cycle:
            self.problem(lines[cycle[0]], "the nodes depend on each other at the same step: "
                         + " -> ".join(at_offset(n, 0) for n in cycle))
            return
        for k, name in enumerate(names):
            later = sorted(uses.get(name, set()) & set(names[k:]), key=names.index)
            for used in later:
                self.problem(lines[name], f"the formula of {name} uses {at_offset(used, 0)}, "
                             f"declared after it; declare the nodes in the order they are computed")


def _called(entry: dict) -> str:
    name = entry.get("name")
    return f" ({name})" if isinstance(name, str) and name else ""


def _cycle(names: list[str], uses: dict[str, set[str]]) -> list[str] | None:
    """A cycle of same-step uses as [a, b, ..., a], or None."""
    state: dict[str, int] = {}
    for root in names:
        if state.get(root):
            continue
        stack, path = [(root, iter(sorted(uses.get(root, ()))))], [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(sorted(uses.get(child, ())))))
                path.append(child)
    return None


def _vocabulary(weights: list[str], inputs: list[str], nodes: list[str]):
    """The names a formula may be written in: weights, and nodes and inputs at a step."""
    from ..expressions.vocabulary import Vocabulary

    names = list(weights)
    for base in (*nodes, *inputs):
        names += [at_offset(base, k) for k in _OFFSETS] + [at_step(base, n) for n in _STEPS]
    return Vocabulary({n: sym(n) for n in names}, {}, allow_sum=False, check_latex=False)
