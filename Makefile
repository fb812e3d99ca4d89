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
# The site generator: MkDocs 1.6 (the default), or ProperDocs, its maintained
# fork (`make serve GENERATOR=properdocs`); both read mkdocs.yml and run the
# same hooks. The tests and the benchmark run under the one chosen.
GENERATOR ?= mkdocs
export MKDOSSIER_GENERATOR := $(GENERATOR)
# One build at a time in this folder: a second `make build` waits for the
# first (flock, from util-linux) instead of removing the folders it writes.
LOCKED := $(shell command -v flock >/dev/null 2>&1 && echo flock .build.lock)
# The new offline bundle waits here until both builds have succeeded (the
# hook writes it, and the site links it, from $MKDOSSIER_BUNDLE_DIR).
STAGED := .dist.partial

.PHONY: serve build offline locked-build locked-offline offline-bundle check schema diff bench test \
	system-test-deps clean

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
	$(VENV)/bin/$(GENERATOR) serve --livereload --dirty --dev-addr $(ADDR)

build:  ## the offline bundle, then the site in site/ (strict; a failed build keeps the previous site/ and zip)
	$(LOCKED) $(MAKE) --no-print-directory locked-build

offline:  ## build the offline bundle dist/<site>-offline.zip (open index.html from file://)
	$(LOCKED) $(MAKE) --no-print-directory locked-offline

# Below: only under the lock. Nothing in site/ or dist/ changes unless every build succeeded.
locked-build: offline-bundle
	rm -rf .site.partial
	MKDOSSIER_BUNDLE_DIR=$(STAGED) $(VENV)/bin/$(GENERATOR) build --strict --site-dir .site.partial \
	  || { rm -rf .site.partial $(STAGED); exit 1; }
	mkdir -p dist && mv $(STAGED)/*-offline.zip dist/ && rm -rf $(STAGED)
	rm -rf .site.old && { test ! -e site || mv site .site.old; } && mv .site.partial site && rm -rf .site.old

locked-offline: offline-bundle
	mkdir -p dist && mv $(STAGED)/*-offline.zip dist/ && rm -rf $(STAGED)

offline-bundle: $(RUNTIME)
	rm -rf .offline.partial $(STAGED)
	MKDOSSIER_BUNDLE_DIR=$(STAGED) MKDOSSIER_OFFLINE=true $(VENV)/bin/$(GENERATOR) build --strict --site-dir .offline.partial \
	  || { rm -rf .offline.partial $(STAGED); exit 1; }
	rm -rf .offline.partial

check: $(RUNTIME)  ## validate data/ and list every problem (FORMAT=text|github|json)
	$(VENV)/bin/mkdossier check --format $(FORMAT)

schema: $(RUNTIME)  ## regenerate the JSON Schema in schema/ from the record model
	$(VENV)/bin/mkdossier schema --out schema

diff: $(RUNTIME)  ## what the working tree changes in the knowledge graph since $(BASE)
	$(VENV)/bin/mkdossier diff $(BASE)

bench: $(RUNTIME)  ## synthetic knowledge bases of 1,000 and 10,000 records against plain MkDocs, a 100,000-record build (about 70 minutes)
	$(PY) bench/run.py --records 1000,10000 --build-records 100000 --repeat 2 --serve 0,10000

test: $(TESTING)  ## run the test suite
	$(VENV)/bin/pytest

# Debian's chromium for the browser tests (Playwright never downloads one);
# ICU headers for PyICU, which followthemoney (export tests) builds from source.
system-test-deps:
	@test -x /usr/bin/chromium && dpkg -s libicu-dev pkg-config >/dev/null 2>&1 || \
	  (apt-get update -q && apt-get install -y -q chromium libicu-dev pkg-config)

clean:
	rm -rf site dist .site.partial .site.old .offline.partial $(STAGED) .build.lock .venv .pytest_cache
