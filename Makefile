# gik_nlp: the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup demo test model eval bench clean-venv

# The virtual environment; torch goes in first, from the local CPU wheel, then the
# package under a constraint so nothing can pull a CUDA build.
$(BIN)/gik: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e ".[dev]"
	touch $(BIN)/gik

setup: $(BIN)/gik

# The main job: extract records from real reports with the shipped default model.
demo: setup
	$(BIN)/gik extract ../shared/seeds ../shared/real examples -o out/demo.jsonl
	@echo "records written to out/demo.jsonl"

test: setup
	$(BIN)/python -m pytest -q

# Reproduce models/default from corpus/ (CPU, 2 cores).
model: setup
	$(BIN)/gik train --config training/default.yaml --out models/default

eval: setup
	$(BIN)/gik evaluate --model models/default -o docs/results.json --readme README.md

bench: setup
	$(BIN)/python bench/run.py

clean-venv:
	rm -rf $(VENV)
