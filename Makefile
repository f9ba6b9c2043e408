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
# make live HOST=0.0.0.0 lets participants on the meeting room's network join (with a printed token).
HOST ?= 127.0.0.1
# make book runs scripts/build.py: nothing to do when no input changed (a stamp of chapters/, _toc.yml,
# the package, the data and the configuration); notebook outputs are cached by notebook content, so an
# edited chapter runs alone; when the package, the data or the configuration change, every notebook runs
# again. Notebooks run in parallel (JOBS=n to choose how many; default: the number of cores).
JOBS ?=

.PHONY: book test check-data unit nbval browser bench serve live zip pdf screenshots clean

$(STAMP): requirements.txt pyproject.toml package.json package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	npm ci --no-audit --no-fund --silent   # axe-core for the accessibility tests (package-lock.json pins it), into node_modules/
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || $(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# The data are checked first (skipped when unchanged since they last passed); a data error ends
# the build with the data message alone, and the notebook cache is cleared only after the check passes.
book: $(STAMP)
	@$(BIN)/python -m ropbook.data --if-changed
	$(BIN)/python scripts/build.py $(if $(JOBS),--jobs $(JOBS))

# The whole book as one PDF, in reading order (scripts/book_pdf.py): Jupyter Book's singlehtml builder
# (reusing the execution cache of make book) printed by Debian's Chromium. Lands in _build/html/.
pdf: book
	$(BIN)/jupyter-book build . --builder singlehtml --warningiserror --keep-going
	$(BIN)/python scripts/book_pdf.py

# make check-data FIX=1 writes tables saved by Excel (BOM, CRLF) back as UTF-8 without BOM, with LF.
check-data: $(STAMP)
	@$(BIN)/python -m ropbook.data $(if $(FIX),--fix)

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

# Live mode for workshops: Voilà serves the two Utforsk notebooks only, with a Norwegian offline start
# page, preheated kernels, kernels shut down when their page closes, and a token off this machine.
live: $(STAMP)
	$(BIN)/python -m ropbook.live --host $(HOST) --port $(LIVE_PORT)

# The built book as one zip that works unpacked, opened from the folder (file://), with a «LES-MEG.txt».
zip: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m ropbook.offline_copy

clean:
	rm -rf _build screenshots bench-results .pytest_cache
