# İrtibat — local commands. A fresh clone needs nothing else: every target sets itself up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# SETUP_STEPS is part of the stamp, so a change to how the venv is made re-runs setup.
SETUP_STEPS := uv-0.13.9 compile-bytecode
STAMP := $(VENV)/.installed-$(shell (cat requirements.lock pyproject.toml; echo $(SETUP_STEPS)) | sha1sum | cut -c1-12)
PYTEST := $(PY) -m pytest
BENCH ?= full

.PHONY: setup lock run up down logs status test test-unit test-integration test-e2e bench bench-skeleton train definitions clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install -q --disable-pip-version-check uv==0.13.9
	@# Bytecode compiled once here: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every
	@# process start would otherwise compile every imported module again (2.3 s → 4.5 s per service).
	@$(VENV)/bin/uv pip install -q -p $(PY) --compile-bytecode -r requirements.lock
	@$(VENV)/bin/uv pip install -q -p $(PY) --no-deps -e .
	@$(PY) -m compileall -q -j 0 services shared tools bench tests >/dev/null
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

lock:
	$(VENV)/bin/uv pip compile -q pyproject.toml --all-extras -p 3.11 -o requirements.lock

run: setup
	$(PY) -m tools.localstack run

up: setup
	$(PY) -m tools.localstack up

down:
	@test -x $(PY) && $(PY) -m tools.localstack down || true

logs:
	$(PY) -m tools.localstack logs

status: setup
	$(PY) -m tools.localstack status

test: setup
	$(PY) -m tools.localstack ensure-rabbit
	$(PY) -m tools.localstack ensure-tools
	$(PYTEST) tests --durations=15

test-unit: setup
	$(PYTEST) tests -m unit

test-integration: setup
	$(PY) -m tools.localstack ensure-rabbit
	$(PYTEST) tests -m integration

test-e2e: setup
	$(PY) -m tools.localstack ensure-rabbit
	$(PYTEST) tests -m e2e

bench: setup
	$(PY) -m tools.localstack ensure-rabbit
	$(PY) -m bench --mode $(BENCH) $(BENCH_ARGS)

# The same stack with none of İrtibat's work: what any pipeline of the design's shape reaches here.
bench-skeleton: setup
	$(PY) -m tools.localstack ensure-rabbit
	$(PY) -m bench.skeleton $(BENCH_ARGS)

train: setup
	$(PY) -m services.routing.classifier train

definitions: setup
	$(PY) -m tools.definitions sync

clean: down
	rm -rf .local
