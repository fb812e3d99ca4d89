# The two set-up commands (see README): `make serve` and `make test`.
# Each installs what it needs into .venv (and Debian's chromium for the tests).

VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
ADDR   ?= 127.0.0.1:8000
# Dates in the built site (sitemap) come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build offline check test chromium clean

$(STAMP):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

serve: $(STAMP)  ## build the site, serve it on http://127.0.0.1:8000, rebuild on every change
	$(VENV)/bin/mkdocs serve --livereload --dev-addr $(ADDR)

build: offline  ## build the site into site/ (strict; a failed build leaves the previous site/ in place)
	rm -rf .site.partial
	$(VENV)/bin/mkdocs build --strict --site-dir .site.partial || { rm -rf .site.partial; exit 1; }
	rm -rf site && mv .site.partial site

offline: $(STAMP)  ## build the offline bundle dist/<site>-offline.zip (open index.html from file://)
	rm -rf .offline.partial
	MKDOSSIER_OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir .offline.partial || { rm -rf .offline.partial; exit 1; }
	rm -rf .offline.partial

check: $(STAMP)  ## validate data/ and list every problem
	$(VENV)/bin/mkdossier check

test: $(STAMP) chromium  ## run the test suite
	$(VENV)/bin/pytest

chromium:  ## Debian's chromium, for the browser tests (Playwright never downloads one)
	@test -x /usr/bin/chromium || (apt-get update -q && apt-get install -y -q chromium)

clean:
	rm -rf site dist .site.partial .offline.partial .venv .pytest_cache
