# Briefing: `make site` builds the briefing site, `make test` runs the tests. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
BRIEFING := $(PY) -m generator

.PHONY: install site generate build serve test eval bench golden clean deploy lock

$(PY):
	$(PYTHON) -m venv $(VENV)

# Install from the lock files (every package pinned, transitive ones included), only when they change. pip prints
# what it collects and installs: a fresh install takes about a minute.
PIP := $(PY) -m pip install --disable-pip-version-check --progress-bar on
$(STAMP): requirements.txt pyproject.toml | $(PY)
	@echo "Installing the pinned packages (requirements.txt) into $(VENV)..."
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(DEVSTAMP): requirements-dev.txt $(STAMP)
	@echo "Installing the test packages (requirements-dev.txt) into $(VENV)..."
	$(PIP) -r requirements-dev.txt
	touch $@

# Refresh the lock files from the ranges in pyproject.toml (a maintainer command: it asks the package index, so it
# needs the network or a local mirror). Versions already locked are kept while they still fit; add
# LOCKFLAGS=--upgrade to move everything to the newest versions that fit, or LOCKFLAGS="-P name" for one package.
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --annotation-style line $(LOCKFLAGS)
lock: $(DEVSTAMP)
	$(COMPILE) -o requirements.txt pyproject.toml
	$(COMPILE) --extra dev -c requirements.txt -o requirements-dev.txt pyproject.toml

install: $(STAMP)

site: $(STAMP)
	$(BRIEFING) site

generate: $(STAMP)
	$(BRIEFING) generate

build: $(STAMP)
	$(BRIEFING) build

# make serve PORT=8001 when 8000 is taken.
PORT ?= 8000
serve: $(STAMP)
	$(BRIEFING) serve --addr 127.0.0.1:$(PORT)

test: $(DEVSTAMP)
	$(PY) -m pytest -q

eval: $(STAMP)
	$(PY) -m tests.evaluate $(EVALFLAGS)

golden: $(DEVSTAMP)
	$(PY) -m tests.golden --update

bench: $(STAMP)
	$(PY) -m bench $(BENCHFLAGS)

# Publish site/ to the gh-pages branch of $(REMOTE) (default origin). The GitHub Pages workflow in
# .github/workflows/pages.yml does the same on every push to main.
REMOTE ?= origin
deploy: generate
	$(PY) -m mkdocs gh-deploy --force --no-history --strict --remote-name $(REMOTE) -f mkdocs.yml

clean:
	rm -rf site site.staging site.previous .cache .pytest_cache tests/output
