# gik_nlp: the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup system-deps demo test test-deps model model-dev model-bert eval crossval crossfit bench retrain-demo clean-venv \
	encoder model-transformer compare-transformer curve-transformer

# The virtual environment; torch goes in first, from the local CPU wheel, then the
# package under a constraint so nothing can pull a CUDA build. The tests need the `ray` extra
# (gik extract --ray runs on a small local Ray cluster in them).
$(BIN)/gik: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e ".[dev,ocr,ray]"
	touch $(BIN)/gik

# Debian packages the readers use: LibreOffice converts legacy .doc/.rtf/.odt; a CJK font
# renders the scanned-report test pages. Installed when absent and possible (root + apt).
SYSTEM_PACKAGES := libreoffice-writer-nogui fonts-noto-cjk libgl1 libglib2.0-0
system-deps:
	@command -v soffice >/dev/null && [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      $(SYSTEM_PACKAGES)) >/dev/null 2>&1; } || \
	  echo "could not install $(SYSTEM_PACKAGES): .doc files will be refused and the scan tests skipped"

setup: $(BIN)/gik system-deps

# The main job: extract records from real reports with the shipped default model.
demo: setup
	$(BIN)/gik extract $(wildcard examples/*.txt examples/*.html examples/*.docx examples/*.pdf) \
	  $(wildcard ../shared/real/*.html ../shared/real/*.txt ../shared/real/*.pdf ../shared/real/pingtan/pt-*.txt \
	    ../shared/real/openings/*.txt) -o out/demo.jsonl
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

# Reproduce the shipped models from corpus/ (CPU, 2 cores). models/default is the CRF: on real
# reports held out of training it beats the character BERT trained within this machine's budget
# (README, Results). Its settings (training/crf.yaml) were chosen on the dev split with the
# train-only fit (make model-dev → runs/train-only, the model to score dev with); the shipped fit
# adds the dev split (training/crf_release.yaml, docs/evaluation.md). models/bert is that BERT.
model: setup
	$(BIN)/gik train --config training/crf_release.yaml -o models/default

model-dev: setup
	$(BIN)/gik train --config training/crf.yaml -o runs/train-only

model-bert: setup
	$(BIN)/gik train --config training/default.yaml -o models/bert

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
	$(BIN)/gik evaluate --model models/default --baseline models/previous -o docs/results.json --results-md docs/results.md --readme README.md --no-progress

crossval: setup
	$(BIN)/gik evaluate --cross-validate -o docs/crossval.json --no-progress
	$(BIN)/gik evaluate --cross-validate --config training/cv_crf.yaml --work-dir runs/cv-crf -o docs/crossval_crf.json --no-progress
	$(BIN)/gik evaluate --learning-curve --config training/cv_crf.yaml --work-dir runs/lc-crf -o docs/learning_curve_crf.json --no-progress
	$(BIN)/gik evaluate --learning-curve --config training/cv_crf.yaml --also-hold-out 2019 --ks 0 2 8 --work-dir runs/lc-crf-tables -o docs/learning_curve_crf_tables.json --no-progress

# The train split cross-fitted in 5 folds with the config chosen on dev, training/crf.yaml (~20 min on 2 shared cores; fold models in
# runs/crossfit-train/ are reused): docs/crossfit_train_crf.json (docs/evaluation.md)
crossfit: setup
	$(BIN)/gik evaluate --cross-validate --folds 5 --split train --config training/crf.yaml --no-progress --errors 0

bench: setup
	$(BIN)/python bench/run.py

# Retraining for a new format, on real reports (docs/retraining.md): 2021, then 2019 held out of training,
# k = 0 1 2 4 8 and all real annotated reports of it added back, one CRF per point (training/retrain_crf.yaml);
# then 2021 with 2019 held out too; needs the openings' texts (../shared/real). Five processes side by side
# (~15 min wall on the shared machine, 0.3-0.4 CPU min per fit); finished fits in runs/ are reused.
RETRAIN := $(BIN)/python scripts/retrain_demo.py --out-dir runs/retrain-real/tables --doc ""
retrain-demo: setup
	for f in 2021 2019; do \
	  $(RETRAIN) --formats $$f --points 0 2 8 --from-check & \
	  $(RETRAIN) --formats $$f --points 1 4 all & \
	done; \
	$(RETRAIN) --formats 2021 --also-hold-out 2019 & wait
	$(BIN)/python scripts/retrain_demo.py --tables-only

clean-venv:
	rm -rf $(VENV)
