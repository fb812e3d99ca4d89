# The two set-up commands (see README): `make serve` and `make test`.
# Each installs what it needs into .venv (and Debian's chromium for the tests).

VENV   ?= .venv
PY     := $(VENV)/bin/python
HASH   := $(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
RUNTIME := $(VENV)/.runtime-$(HASH)
TESTING := $(VENV)/.testing-$(HASH)
ADDR   ?= 127.0.0.1:8000
# Dates in the built site (sitemap) come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export NO_MKDOCS_2_WARNING := 1

FORMAT ?= text
BASE   ?= origin/main

.PHONY: serve build offline check schema diff bench test system-test-deps clean

$(RUNTIME):  ## what the site needs
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	rm -f $(VENV)/.runtime-*
	touch $@

$(TESTING): $(RUNTIME) | system-test-deps  ## what the tests need on top
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.testing-*
	touch $@

serve: $(RUNTIME)  ## build the site, serve it on http://127.0.0.1:8000, rebuild the changed pages on every change
	$(VENV)/bin/mkdocs serve --livereload --dirty --dev-addr $(ADDR)

build: offline  ## build the site into site/ (strict; a failed build leaves the previous site/ in place)
	rm -rf .site.partial
	$(VENV)/bin/mkdocs build --strict --site-dir .site.partial || { rm -rf .site.partial; exit 1; }
	rm -rf site && mv .site.partial site

offline: $(RUNTIME)  ## build the offline bundle dist/<site>-offline.zip (open index.html from file://)
	rm -rf .offline.partial
	MKDOSSIER_OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir .offline.partial || { rm -rf .offline.partial; exit 1; }
	rm -rf .offline.partial

check: $(RUNTIME)  ## validate data/ and list every problem (FORMAT=text|github|json)
	$(VENV)/bin/mkdossier check --format $(FORMAT)

schema: $(RUNTIME)  ## regenerate the JSON Schema in schema/ from the record model
	$(VENV)/bin/mkdossier schema --out schema

diff: $(RUNTIME)  ## what the working tree changes in the knowledge graph since $(BASE)
	$(VENV)/bin/mkdossier diff $(BASE)

bench: $(RUNTIME)  ## synthetic knowledge bases of 1,000 and 10,000 records: hooks against plain MkDocs (minutes)
	$(PY) bench/run.py --records 1000,10000 --check-records 100000 --repeat 2

test: $(TESTING)  ## run the test suite
	$(VENV)/bin/pytest

# Debian's chromium for the browser tests (Playwright never downloads one);
# ICU headers for PyICU, which followthemoney (export tests) builds from source.
system-test-deps:
	@test -x /usr/bin/chromium && dpkg -s libicu-dev pkg-config >/dev/null 2>&1 || \
	  (apt-get update -q && apt-get install -y -q chromium libicu-dev pkg-config)

clean:
	rm -rf site dist .site.partial .offline.partial .venv .pytest_cache
