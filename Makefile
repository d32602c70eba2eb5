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
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/autograder

setup: $(BIN)/autograder

demo: setup
	$(BIN)/autograder demo

test: setup
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; else exit $$rc; fi
