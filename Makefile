# The two commands of the README: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: install run test bench messages clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

# Development settings for `make run` only: without DJANGO_DEBUG=1 the settings are production's.
run: export DJANGO_DEBUG = 1
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	bash scripts/run.sh

test: install
	mkdir -p var
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks (PostgreSQL): every bench/*.py prints its own table with the machine it ran on.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/acuerdos_bench
bench: export DJANGO_DEBUG ?= 1
bench: install
	@mkdir -p bench var
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	@set -e; for f in bench/*.py; do [ -e "$$f" ] || continue; echo "== $$f"; \
	  DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python $$f; done

# Recompile the translation catalogs (needs gettext); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages -l es_MX --no-obsolete --ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python manage.py compilemessages -l es_MX --ignore=.venv

clean:
	rm -rf $(VENV) var/acuerdos.sqlite3
