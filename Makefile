# The two commands of the README: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint bench messages vendor clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## make run: install, migrate SQLite, load the demo portfolio, run the nightly, serve.
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	ARREARS_DEMO_URL=http://$(HOST):$(PORT)/ $(BIN)/python manage.py load_demo
	# The language models train from the repository's data (seconds); skipped when unchanged.
	$(BIN)/python manage.py train_content --if-stale
	$(BIN)/python manage.py train_reactions --if-stale
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Test files are spread over one worker process per core (pytest-xdist), a file to a worker;
# `make test WORKERS=0` runs them in this process.
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -q -n $(WORKERS) --dist loadfile

## make test: the whole suite, on SQLite (or PostgreSQL with ARREARS_TEST_POSTGRES=1).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy arrears
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(PYTEST) $(PYTEST_ARGS)

## make test-suite: the tests alone, without the lint and type checks (CI's second database).
test-suite: $(STAMP)
	$(PYTEST) $(PYTEST_ARGS)

## make messages: refresh the zh-hans catalogue and compile it (needs gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

## make vendor: copy the pinned Apache ECharts from its npm package (needs npm; the copy is committed).
vendor:
	bash scripts/vendor_echarts.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf var/ $(VENV)
