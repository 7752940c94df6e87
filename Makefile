# Briefing: `make site` builds the briefing site, `make test` runs the tests. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
BRIEFING := $(PY) -m generator

.PHONY: site generate build serve test eval bench golden clean deploy

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the pinned requirements change.
$(STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DEVSTAMP): requirements-dev.txt $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

site: $(STAMP)
	$(BRIEFING) site

generate: $(STAMP)
	$(BRIEFING) generate

build: $(STAMP)
	$(BRIEFING) build

serve: $(STAMP)
	$(BRIEFING) serve

test: $(DEVSTAMP)
	$(PY) -m pytest -q

eval: $(STAMP)
	$(PY) -m tests.evaluate $(EVALFLAGS)

golden: $(STAMP)
	$(PY) -m tests.golden --update

bench: $(STAMP)
	$(PY) -m bench

# Publish site/ to the gh-pages branch of $(REMOTE) (default origin). The GitHub Pages workflow in
# .github/workflows/pages.yml does the same on every push to main.
REMOTE ?= origin
deploy: generate
	$(PY) -m mkdocs gh-deploy --force --no-history --strict --remote-name $(REMOTE) -f mkdocs.yml

clean:
	rm -rf site site.staging site.previous .cache .pytest_cache tests/output
