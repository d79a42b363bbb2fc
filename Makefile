# The README's two commands: `make serve` and `make test`. Both create the virtualenv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INDEX_DIR ?= var/index
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup system-deps serve ingest test lint eval bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of torch first: any other torch resolves to a multi-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

ingest: setup
	$(PY) -m ingest corpus --index-dir $(INDEX_DIR)

serve: ingest
	$(PY) -m rag_service --index-dir $(INDEX_DIR) --host $(HOST) --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

system-deps:
	bash .ci/system-deps

test: lint system-deps
	$(PY) -m pytest -q

eval: ingest
	$(PY) -m eval --gold eval/gold.jsonl --index-dir $(INDEX_DIR) --compare

bench: ingest
	$(PY) -m bench.ask_latency --index-dir $(INDEX_DIR)
