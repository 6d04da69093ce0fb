# The two commands: `make build` and `make test` (each sets everything up first).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE ?= site

.PHONY: build test serve check lint bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

setup: $(VENV)/.installed node_modules/.installed

build: setup
	$(PY) scripts/build_catalog.py --site $(SITE)

check: setup
	$(PY) scripts/build_catalog.py --check

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

serve: setup
	$(PY) scripts/build_catalog.py
	$(VENV)/bin/mkdocs serve

bench: setup
	@for script in benchmarks/bench_*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(SITE) .build
