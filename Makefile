# Medborger: `make run` starts the app with demo data, `make test` runs every test.
# Both create .venv and install what they need; run them on a fresh clone.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: help install run test lint format messages vendor browser bench faults cluster audit clean

help:
	@echo "make run    start the app with demo data on http://127.0.0.1:8000 (Ctrl-C stops it)"
	@echo "make test   run the whole test suite (SQLite, or DATABASE_URL / REDIS_URL if set)"
	@echo "make lint   ruff, migrations, translations and type checks (mypy)"
	@echo "make bench  benchmarks on PostgreSQL and Redis, written to bench/RESULTS.md"
	@echo "make faults stop Redis/PostgreSQL, kill workers, race editors: bench/FAULTS.md"
	@echo "make cluster two instances behind HAProxy (deploy/), one stopped under load: bench/CLUSTER.md"
	@echo "make audit  pinned requirements against known vulnerabilities (needs the network)"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: export DEBUG ?= 1
run: $(STAMP)
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo
	$(MANAGE) runstack

browser:
	@sh scripts/ensure_chromium.sh

PYTEST_ARGS ?= -n auto

test: $(STAMP) browser
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python scripts/check_messages.py
	DEBUG=1 $(BIN)/mypy

# Benchmarks on this machine's PostgreSQL and Redis; writes bench/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Fault scenarios on a private PostgreSQL, Redis, gunicorn and worker it starts and removes
# itself (never the machine's shared services); writes bench/FAULTS.md, fails on any loss.
faults: $(STAMP)
	$(BIN)/python bench/faults.py

# deploy/ run on one machine: HAProxy (installed if missing) in front of two instances with a
# private PostgreSQL and Redis; sessions, uploads, limits, one beat, load and a stopped instance.
# Writes bench/CLUSTER.md and its section in bench/RESULTS.md; fails on any loss.
cluster: $(STAMP)
	sh deploy/ensure_haproxy.sh
	$(BIN)/python bench/cluster.py

# Known vulnerabilities in the pinned requirements (pip-audit). Fails with exit code 2 and says
# so when the vulnerability service cannot be reached, rather than passing.
audit: $(STAMP)
	$(BIN)/python scripts/audit.py

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Collect new UI strings into locale/da; translate them in the .po file, then run it again.
# The public languages' catalogues get the public strings (scripts/public_messages.py --missing
# lists what is left to translate).
messages: $(STAMP)
	DEBUG=1 $(MANAGE) makemessages --locale da --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'bench/*'
	DEBUG=1 $(MANAGE) makemessages --locale da --domain djangojs --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'static/vendor/*'
	DEBUG=1 $(MANAGE) compilemessages --locale da --ignore '.venv/*'
	DEBUG=1 $(BIN)/python scripts/public_messages.py

# Refresh static/vendor from the npm registry (needs Node); the result is committed.
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	$(PYTHON) scripts/vendor.py

clean:
	rm -rf $(VENV) var
