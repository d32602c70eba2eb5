"""Mutants made ahead in a thread while the zygote starts: the checks wait for them, and a
process forked meanwhile does not inherit a held lock."""
import multiprocessing as mp
import threading

from autograder.numeric import mutants, specs


def _made_in_child(queue):
    asg = specs.get("rnn_bptt")
    spec = next(f for f in asg.functions if not f.is_forward)
    queue.put(len(mutants.made(asg, spec).mutants))


def test_a_fork_while_the_lock_is_held_does_not_hang_the_child():
    held, release = threading.Event(), threading.Event()

    def hold():
        with mutants._MAKING:
            held.set()
            release.wait(30)

    t = threading.Thread(target=hold, daemon=True)
    t.start()
    held.wait(10)
    try:
        queue = mp.get_context("fork").Queue()
        child = mp.get_context("fork").Process(target=_made_in_child, args=(queue,))
        child.start()
        child.join(60)
        assert child.exitcode == 0, "the forked child hung on the lock it inherited"
        assert queue.get(timeout=5) > 0
    finally:
        release.set()
        t.join(10)


def test_mutants_made_in_another_thread_are_the_ones_a_check_gets():
    asg = specs.get("lstm_numpy")
    asg.reference           # loaded before the threads start, as the grader does
    spec = next(f for f in asg.functions if not f.is_forward)
    got = []
    threads = [threading.Thread(target=lambda: got.append(mutants.made(asg, spec))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(got) == 3 and got[0] is got[1] is got[2]
