# PartnerUp. `make demo` and `make test` do everything on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PARTNERUP := $(BIN)/partnerup
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails point at the server `make demo` starts (unless PARTNERUP_SITE_URL says else).
DEMO_ENV := PARTNERUP_DEBUG=1 PARTNERUP_SITE_URL=$${PARTNERUP_SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: demo serve test test-postgres lint format check worker beat messages compilemessages bench \
        bench-schedule bench-allocate bench-recommend clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools wheel

# Reinstalled whenever the dependencies change.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP_INSTALL) -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(DEMO_ENV) $(PARTNERUP) migrate --no-input
	$(DEMO_ENV) $(PARTNERUP) demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(DEMO_ENV) $(PARTNERUP) runserver $(HOST):$(PORT)

serve: $(VENV)/.installed
	$(DEMO_ENV) $(PARTNERUP) runserver $(HOST):$(PORT)

test: $(VENV)/.installed-test
	$(BIN)/pytest -n 2 --dist loadgroup

test-postgres: $(VENV)/.installed-test
	PARTNERUP_DATABASE_URL=$${PARTNERUP_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partnerup} \
		$(BIN)/pytest -n 2 --dist loadgroup

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(VENV)/.installed-test
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

check: $(VENV)/.installed
	$(PARTNERUP) check

# Background worker and the periodic-task scheduler for production (need PARTNERUP_REDIS_URL).
worker: $(VENV)/.installed
	$(BIN)/celery -A partnerup worker --loglevel=INFO

beat: $(VENV)/.installed
	$(BIN)/celery -A partnerup beat --loglevel=INFO --schedule $${PARTNERUP_DATA_DIR:-data}/celerybeat-schedule

# Extract translatable strings into the catalogues, then compile them (needs GNU gettext).
messages: $(VENV)/.installed
	cd src/partnerup && PARTNERUP_DATA_DIR=$(CURDIR)/data ../../$(PARTNERUP) makemessages -l nb --no-obsolete --no-location \
		--ignore 'scheduling/*' --ignore 'allocation/*' --ignore 'matchmaking/*'
	$(MAKE) compilemessages

compilemessages: $(VENV)/.installed
	cd src/partnerup && PARTNERUP_DATA_DIR=$(CURDIR)/data ../../$(PARTNERUP) compilemessages

bench: bench-schedule bench-allocate bench-recommend

bench-schedule: $(VENV)/.installed-test
	$(BIN)/python benchmarks/scheduling/run.py all

bench-allocate: $(VENV)/.installed-test
	$(BIN)/python benchmarks/allocation/run.py

bench-recommend: $(VENV)/.installed-test
	$(BIN)/python benchmarks/matchmaking/run.py all

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
