# The two commands: `make build` and `make test` (each sets everything up first).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE ?= site
# `make check CHECK_FORMAT=github`: each problem as a GitHub Actions annotation (CI).
CHECK_FORMAT ?= texte

.PHONY: build test fuzz serve check lint bench audit clean setup setup-python

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

setup: $(VENV)/.installed node_modules/.installed

setup-python: $(VENV)/.installed

build: setup
	$(PY) scripts/build_catalog.py --site $(SITE)

# Validating needs Python only (no Node.js): a partner checks one YAML file with the venv alone.
check: setup-python
	$(PY) scripts/build_catalog.py --check --format $(CHECK_FORMAT)

test: setup
	$(PY) -m pytest -n 2

# Property-based tests with thousands of random examples (a night run); make test runs a short, seeded profile.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_properties.py -p no:xdist

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

serve: setup
	$(PY) scripts/build_catalog.py
	$(VENV)/bin/mkdocs serve

bench: setup
	@for script in benchmarks/bench_*.py; do $(PY) $$script || exit 1; done

# Lighthouse lives in its own folder: only `make audit` installs it (make test stays light).
tools/lighthouse/node_modules/.installed: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund --ignore-scripts --silent
	touch $@

audit: build tools/lighthouse/node_modules/.installed
	$(PY) tools/lighthouse/audit.py --site $(SITE)

clean:
	rm -rf $(SITE) .build
