# Two entry points for a fresh machine (Python 3.11, pip, make):
#   make demo   - set up and run the main job
#   make test   - set up and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup

$(BIN)/autograder: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip uninstall -q -y autograder 2>/dev/null || true  # the distribution's name before bptt-grader
	$(BIN)/pip install -q -e '.[instructor,test,cluster]'
	touch $(BIN)/autograder

setup: $(BIN)/autograder

demo: setup
	$(BIN)/autograder demo

test: setup
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; else exit $$rc; fi
