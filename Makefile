# Kvota Portalı: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# pytest-xdist processes for `make test` (0: one process); a test file stays in one process.
TEST_WORKERS ?= 2
HOST ?= 127.0.0.1:8000

.PHONY: system install run setup worker test lint format messages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Debian/Ubuntu packages of deploy/debian-packages.txt (PDF libraries and fonts,
# pdftotext, Chromium, nginx); installs only what is missing, with sudo unless root. A
# policy-rc.d keeps packages (nginx) from starting a system-wide service meanwhile.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := $(shell grep -v '^\#' deploy/debian-packages.txt)
system:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  made=0; \
	  if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && \
	    $(SUDO) chmod +x /usr/sbin/policy-rc.d && made=1; \
	  fi; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  status=$$?; \
	  if [ "$$made" = 1 ]; then $(SUDO) rm -f /usr/sbin/policy-rc.d; fi; \
	  exit $$status; \
	fi

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_classification
	$(PY) manage.py load_regions
	$(PY) manage.py load_vacancies
	$(PY) manage.py seed_demo

# The web server and, beside it, the worker that sends the queued e-mails; stopping
# the server (Ctrl+C) stops the worker too.
run: setup
	@$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

worker: install
	$(PY) manage.py db_worker

# One run over pytest-xdist processes, a test file to a process. A transactional test
# (live server, browser, migrations) empties its process's database when it ends, and
# tests/conftest.py puts back what the migrations wrote, so files may run in any order.
# Python keeps the compiled modules (and pytest its rewritten test modules) in
# __pycache__ even where PYTHONDONTWRITEBYTECODE is set: each process would otherwise
# compile them again: collecting the suite took 6.7 s a process, 2.5 s once cached.
test: install
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: install
	$(PY) manage.py makemessages --no-obsolete --no-location -l az -l en -l ru --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(PY) manage.py makemessages --no-obsolete --no-location -d djangojs -l az -l en -l ru --ignore=.venv --ignore=staticfiles --ignore=static/vendor
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
