"""The probe that narrows the mutant search: it finds what the full search finds, and a
probe that fails or lies narrows nothing it should not."""
import numpy as np

from autograder.numeric import diagnose, inputs as inp, mutants, specs


def _student_case(asg, spec, m):
    """A 'student' whose backward is mutant `m`: its gradients on a student's inputs."""
    fspec = asg.spec(spec.forward)
    rng = inp.make_rng(asg.name, "probe", spec.name)
    x = inp.forward_inputs(asg, fspec, rng)
    *outs, cache = getattr(asg.reference, fspec.name)(**x)
    ups = inp.upstream([o.shape for o in outs], rng)
    with np.errstate(all="ignore"):
        student = getattr(m.namespace, spec.name)(*ups, cache)
    return student, ups, cache, getattr(asg.reference, spec.name)(*ups, cache)


def _probe_of(asg, m, spec):
    fspec = asg.spec(spec.forward)

    def probe(x, ups):
        *_, cache = getattr(asg.reference, fspec.name)(**x)
        with np.errstate(all="ignore"):
            return getattr(m.namespace, spec.name)(*ups, cache)
    return probe


def test_the_probe_finds_what_the_whole_search_finds():
    checked = 0
    for name in ("lstm_numpy", "rnn_bptt"):
        asg = specs.get(name)
        for spec in (f for f in asg.functions if not f.is_forward):
            for m, _, _ in mutants.made(asg, spec).mutants[::3]:
                student, ups, cache, ref = _student_case(asg, spec, m)
                whole = diagnose.catalogue(asg, spec, student, ups, cache, ref)
                probed = diagnose.catalogue(asg, spec, student, ups, cache, ref, _probe_of(asg, m, spec))
                assert probed == whole and whole, (name, m.key)
                checked += 1
    assert checked > 20


def test_a_probe_that_fails_narrows_nothing():
    asg = specs.get("lstm_numpy")
    spec = asg.spec("lstm_backward")
    m = mutants.made(asg, spec).mutants[0][0]
    student, ups, cache, ref = _student_case(asg, spec, m)

    def broken(x, ups):
        raise ValueError("the student's code does not run on these shapes")

    assert diagnose.catalogue(asg, spec, student, ups, cache, ref, broken) == \
        diagnose.catalogue(asg, spec, student, ups, cache, ref) != []


def test_a_probe_that_disagrees_finds_no_mutant():
    """A student whose code equals a mutant on their own inputs but not on the probe's is
    not that mutant: nothing is claimed."""
    asg = specs.get("lstm_numpy")
    spec = asg.spec("lstm_backward")
    m = mutants.made(asg, spec).mutants[0][0]
    student, ups, cache, ref = _student_case(asg, spec, m)
    right = _probe_of(asg, type("R", (), {"namespace": asg.reference})(), spec)
    assert diagnose.catalogue(asg, spec, student, ups, cache, ref, right) == []
