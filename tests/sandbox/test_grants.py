"""What a worker may read when the grader's package sits inside a granted tree (a
non-editable install puts it in site-packages beside numpy)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.sandbox import Sandbox, StudentException, Zygote, grants, landlock


def _site(tmp_path) -> Path:
    """A site-packages with the grader's package (a secret) and two ordinary packages."""
    site = tmp_path / "venv" / "lib" / "site-packages"
    for pkg, body in (("autograder", "ANSWER = 42\n"), ("otherpkg", "VALUE = 7\n")):
        (site / pkg).mkdir(parents=True)
        (site / pkg / "__init__.py").write_text(body)
    (site / "single_module.py").write_text("X = 1\n")
    (tmp_path / "venv" / "bin").mkdir()
    return site


def test_a_tree_holding_a_secret_is_carved_around_it(tmp_path):
    site = _site(tmp_path)
    g = grants.carve([tmp_path / "venv", tmp_path / "missing"], [site / "autograder"])
    assert str(site / "otherpkg") in g.readable and str(site / "single_module.py") in g.readable
    assert str(tmp_path / "venv" / "bin") in g.readable
    assert not any(Path(p) == site / "autograder" or site / "autograder" in Path(p).parents
                   for p in g.readable)
    # the way down is listable only
    assert g.listable == [str(tmp_path / "venv"), str(tmp_path / "venv" / "lib"), str(site)]


def test_a_tree_without_secrets_is_granted_whole_and_a_secret_never(tmp_path):
    site = _site(tmp_path)
    g = grants.carve([site / "otherpkg", site / "autograder"], [site / "autograder"])
    assert g.readable == [str(site / "otherpkg")] and g.listable == []


def test_the_checkout_and_package_are_never_readable():
    g = grants.worker_grants()
    for secret in grants.secrets():
        for p in g.readable:
            assert not (Path(p) == secret or Path(p) in secret.parents), (p, secret)


@pytest.mark.skipif(landlock.abi_version() < 1, reason="Landlock unavailable")
def test_listable_means_names_only(tmp_path):
    site = _site(tmp_path)
    g = grants.carve([tmp_path / "venv"], [site / "autograder"])
    probe = f"""
import json, os, sys
sys.path.insert(0, {str(Path(landlock.__file__).parent)!r})
import landlock
landlock.restrict({g.readable!r}, [], {g.listable!r})
out = {{"listed": sorted(os.listdir({str(site)!r}))}}
for name, path in (("other", {str(site / "otherpkg" / "__init__.py")!r}),
                   ("secret", {str(site / "autograder" / "__init__.py")!r})):
    try:
        out[name] = open(path).read()
    except PermissionError:
        out[name] = "denied"
print(json.dumps(out))
"""
    res = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, timeout=30)
    out = json.loads(res.stdout)
    assert out["listed"] == ["autograder", "otherpkg", "single_module.py"]
    assert out["other"] == "VALUE = 7\n" and out["secret"] == "denied"


@pytest.mark.skipif(landlock.abi_version() < 1, reason="Landlock unavailable")
def test_student_code_cannot_import_a_grader_installed_beside_its_packages(tmp_path, monkeypatch):
    site = _site(tmp_path)
    monkeypatch.setattr(grants, "candidates", lambda real=grants.candidates: real() + [str(tmp_path / "venv")])
    monkeypatch.setattr(grants, "secrets", lambda real=grants.secrets: real() + [site / "autograder"])
    with Zygote() as z, Sandbox(zygote=z) as sb:
        sb.load_source(f"import sys\nsys.path.insert(0, {str(site)!r})\nimport otherpkg\nvalue = otherpkg.VALUE\n",
                       "ok.py")
        assert sb.get_value("value") == 7
        with pytest.raises(StudentException, match="PermissionError|ModuleNotFoundError|ImportError"):
            sb.load_source("import autograder\nanswer = autograder.ANSWER\n", "peek.py")
