"""Everything derived from a model, as text, for comparing two declarations of it.

`derived(model)` is what tests/models/derived_references.json holds for the two course
models as they were declared in Python (captured from those declarations at commit
900ca86): every field of the model, the definitions (srepr, so the symbols' assumptions
count), every reference of every question in both forms at the general and the last step,
the path tables of T = 3, the vocabulary's names and LaTeX. The mistake catalogue and the
diagnosis are functions of the definitions and the references, so they follow.
"""
from __future__ import annotations

import sympy


def derived(model) -> dict:
    from autograder.derive.paths import PathTable
    from autograder.derive.references import question_names, reference
    from autograder.expressions.model_vocabulary import vocabulary_for

    out: dict = {"fields": {
        "name": model.name, "title": model.title, "initial": list(model.initial),
        "weights": [repr(q) for q in model.weights], "inputs": [repr(q) for q in model.inputs],
        "nodes": [[n.name, n.latex, n.meaning] for n in model.nodes],
        "given": {k: list(v) for k, v in model.given.items()},
        "aliases": [repr(a) for a in model.aliases]}}
    out["definitions"] = {n: sympy.srepr(e) for n, e in model.definitions.items()}
    refs = {}
    for q in question_names(model):
        refs[q] = {
            "one-level": str(reference(model, q)),
            "one-level last": str(reference(model, q, last_step=True)),
            "expanded": str(reference(model, q, "expanded")),
            "expanded last": str(reference(model, q, "expanded", last_step=True)),
            "expanded T=2": str(reference(model, q, "expanded", horizon=2))
            if not q.endswith(("_t", "_tm1")) else "",
        }
    out["references"] = refs
    table = PathTable(model, 3)
    out["paths"] = {f"{n}_{t}": [str(p.term) for p in table.node(n, t)]
                    for n in model.node_names for t in (1, 2, 3)}
    vocab = vocabulary_for(model)
    out["vocabulary"] = {n: vocab.latex_of(n) for n in sorted(vocab.symbols)}
    return out
