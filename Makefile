# Two commands set everything up on a fresh machine with Python 3.11:
#   make book   creates .venv from requirements.txt if needed, runs the notebooks, builds the HTML
#   make test   unit tests, data checks and provenance, nbval, the book build (-W), browser tests
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
LIVE_PORT ?= 8866
# make book runs scripts/build.py: nothing to do when no input changed (a stamp of chapters/, _toc.yml,
# the package, the data and the configuration); notebook outputs are cached by notebook content, so an
# edited chapter runs alone; when the package, the data or the configuration change, every notebook runs
# again. Notebooks run in parallel (JOBS=n to choose how many; default: the number of cores).
JOBS ?=

.PHONY: book test check-data unit nbval browser bench serve live screenshots clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || $(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

book: $(STAMP)
	$(BIN)/python scripts/build.py $(if $(JOBS),--jobs $(JOBS))

check-data: $(STAMP)
	$(BIN)/python -m ropbook.data

# make test builds the book (with warnings as errors) and then runs every test in one pytest run:
# package unit tests, provenance, nbval over chapters/, and the browser tests against the built site.
test: book
	$(BIN)/python -m ropbook.data
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider tests chapters

unit: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests --ignore=tests/test_browser.py

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider chapters

browser: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/test_browser.py

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

serve: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Boka serveres på http://127.0.0.1:$(PORT)/  (Ctrl+C for å stoppe)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# Live mode for workshops: Voilà runs the notebooks with working widgets, on this machine only.
live: $(STAMP)
	@echo "Live-modus: åpne http://127.0.0.1:$(LIVE_PORT)/ og velg en notatbok, for eksempel utforsk-dataene.ipynb (Ctrl+C for å stoppe)"
	cd chapters && ROPBOOK_LIVE=1 JUPYTER_PATH=$(CURDIR)/ropbook/voila ../$(BIN)/voila --no-browser --port=$(LIVE_PORT) \
	  --Voila.ip=127.0.0.1 --template=ropbok --show_tracebacks=True .

clean:
	rm -rf _build screenshots bench-results .pytest_cache
