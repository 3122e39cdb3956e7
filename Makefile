# Helpline: `make run` serves the site, `make test` runs every test. See README.md.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
TEST_STAMP := $(VENV)/.test-installed-$(shell cat pyproject.toml package.json 2>/dev/null | sha1sum | cut -c1-12)

.PHONY: run install test test-install system-packages check fmt messages clean

## Install into .venv (skipped when pyproject.toml has not changed), migrate, load content,
## build the answer index (vectors cached under var/, so only the first run embeds), serve.
run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/helpline content import
	$(BIN)/helpline warm
	$(BIN)/uvicorn helpline.asgi:application --host $(HOST) --port $(PORT)

install: $(STAMP)
$(STAMP):
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-* && touch $@

## Install what the tests need (Python test tools, axe-core, Debian's chromium), then run them all.
test: test-install
	$(BIN)/python -m pytest

test-install: $(TEST_STAMP) system-packages
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	npm ci --no-audit --no-fund --loglevel=error
	rm -f $(VENV)/.test-installed-* && touch $@

## Debian packages the tests use: chromium (browser tests), redis-server (several web workers).
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian's$$missing for the tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## Lint and types.
check: test-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy helpline
	$(BIN)/python manage.py makemigrations --check --dry-run -v0

fmt: test-install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Recompile the Spanish interface strings after editing helpline/locale/es/LC_MESSAGES/django.po.
messages: install
	cd helpline && ../$(BIN)/django-admin makemessages -l es --no-obsolete -v0 && ../$(BIN)/django-admin compilemessages -v0

clean:
	rm -rf $(VENV) node_modules var/pdf var/static
