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
# Notebook outputs are cached by notebook content. The package and the data feed every
# notebook too, so when they change the cache is cleared and all notebooks run again.
INPUTS = $(shell cat pyproject.toml ropbook/*.py ropbook/static/*.* ropbook/static/vendor/* ropbook/locale/*/*/*.po ropbook/templates/* data/datapackage.json data/*.csv references.bib _config.yml 2>/dev/null | sha256sum | cut -c1-16)

.PHONY: book test check-data unit nbval browser bench serve live screenshots clean pdf

$(STAMP): requirements.txt pyproject.toml package.json package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	npm ci --no-audit --no-fund --silent   # axe-core for the accessibility tests (package-lock.json pins it), into node_modules/
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || $(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

book: $(STAMP)
	@if [ "$$(cat _build/.inputs 2>/dev/null)" != "$(INPUTS)" ]; then \
	  echo "Pakken, dataene eller oppsettet er endret: alle notatbøker kjøres på nytt."; \
	  rm -rf _build/.jupyter_cache _build/.doctrees; fi
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@mkdir -p _build && echo "$(INPUTS)" > _build/.inputs
	@echo "Boka er bygget: _build/html/index.html (make serve for å åpne den på localhost)"

# The whole book as one PDF, in reading order (scripts/book_pdf.py): Jupyter Book's singlehtml builder
# (reusing the execution cache of make book) printed by Debian's Chromium. Lands in _build/html/.
pdf: book
	$(BIN)/jupyter-book build . --builder singlehtml --warningiserror --keep-going
	$(BIN)/python scripts/book_pdf.py

check-data: $(STAMP)
	$(BIN)/python -m ropbook.data

# make test builds the book (with warnings as errors) and its PDF, then runs every test in one pytest run:
# package unit tests, provenance, nbval over chapters/, and the browser tests against the built site.
test: pdf
	$(BIN)/python -m ropbook.data
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider tests chapters

unit: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests --ignore=tests/test_browser.py --ignore=tests/test_a11y.py

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider chapters

browser: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/test_browser.py tests/test_a11y.py

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
