# gik_nlp: the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup demo test test-deps model model-bert eval crossval bench retrain-demo clean-venv \
	encoder model-transformer compare-transformer curve-transformer

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
	$(BIN)/gik extract examples $(wildcard ../shared/real) -o out/demo.jsonl
	@$(BIN)/python -c "import json; [print(r['source'], '|', r['agency'], '|', r['year'], '|', r['format'], '|', \
	  len(r['statistics']), 'statistics |', len(r['warnings']), 'warnings') for r in map(json.loads, open('out/demo.jsonl', encoding='utf-8'))]"

# The web page's browser test needs Debian's chromium; installed when absent and possible
# (root + apt), otherwise that one test skips and says why.
test-deps:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk) >/dev/null 2>&1; } || \
	  echo "chromium not installed: the browser test will be skipped"

test: setup test-deps
	$(BIN)/python -m pytest -q

# Reproduce the shipped models from corpus/ (CPU, 2 cores). models/default is the CRF
# (training/crf.yaml): on real reports held out of training it beats the character BERT
# trained within this machine's budget (README, Results). models/bert is that BERT.
model: setup
	$(BIN)/gik train --config training/crf.yaml --out models/default

model-bert: setup
	$(BIN)/gik train --config training/default.yaml --out models/bert

# The transformer candidate (docs/transformer.md): an encoder pretrained on unannotated reports
# (masked characters, ~15-35 min on 2 shared cores), fine-tuned with the CRF's features, a CRF
# layer and the CRF's tags on unannotated text. It replaces models/default only if it beats the
# CRF on the real test split: `make compare-transformer` (one table, same run).
encoder: setup
	$(BIN)/gik pretrain --config training/pretrain.yaml --out models/encoder

model-transformer: setup
	$(BIN)/gik train --config training/transformer.yaml --base-model models/encoder --out models/transformer

compare-transformer: setup
	$(BIN)/python scripts/transformer_experiments.py compare

curve-transformer: setup
	$(BIN)/python scripts/transformer_experiments.py curve

# Regenerate the README's results section and docs/results.md from the committed corpus and models and
# the measured cross-validation / learning-curve runs (docs/*.json, remade by `make crossval`, ~1 h).
eval: setup
	$(BIN)/gik evaluate --model models/default -o docs/results.json --results-md docs/results.md --readme README.md --no-progress

crossval: setup
	$(BIN)/gik evaluate --cross-validate -o docs/crossval.json --no-progress
	$(BIN)/gik evaluate --cross-validate --config training/cv_crf.yaml --work-dir runs/cv-crf -o docs/crossval_crf.json --no-progress
	$(BIN)/gik evaluate --learning-curve --config training/cv_crf.yaml --work-dir runs/lc-crf -o docs/learning_curve_crf.json --no-progress
	$(BIN)/gik evaluate --learning-curve --config training/cv_crf.yaml --also-hold-out 2019 --ks 0 2 8 --work-dir runs/lc-crf-tables -o docs/learning_curve_crf_tables.json --no-progress

bench: setup
	$(BIN)/python bench/run.py

# Retraining for a new format (docs/retraining.md): 2021 held out, k = 0 1 2 4 8 examples added,
# from scratch (learning curve) and continuing the k = 0 model. Long (~1 h on 2 cores); finished runs in runs/ are reused.
retrain-demo: setup
	$(BIN)/gik evaluate --learning-curve --config training/cv.yaml -o docs/learning_curve.json --no-progress
	$(BIN)/python scripts/retrain_demo.py

clean-venv:
	rm -rf $(VENV)
