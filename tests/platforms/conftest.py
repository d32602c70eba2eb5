"""The platforms' tests install the grader's wheel as the platforms do: the wheel fixture
of tests/student (built once a session from a clean copy of this checkout), and its fresh
venv with the wheel alone installed."""
from tests.student.conftest import new_venv, pip, student_install, wheel  # noqa: F401  (fixtures, helpers)
