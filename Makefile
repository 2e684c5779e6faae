# Safe Place: the two commands a newcomer needs are `make html` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Test workers (pytest-xdist): one per core. Each file's tests stay on one worker (loadfile),
# so a module's build is made once; files go out slowest tier first (browser, build, unit: see
# tests/conftest.py), not xdist's default of most tests first, which left a long file for last.
TEST_JOBS ?= auto
TEST_DIST ?= --dist loadfile --no-loadscope-reorder

INSTALLED      := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed
LINT_INSTALLED := $(VENV)/.lint-installed
BENCH_INSTALLED := benchmarks/node_modules/.bench-installed
LINTED         := pipeline tests benchmarks examples pelicanconf.py publishconf.py

# The example agencies (examples/<name>/: settings, register, boundary, pages; docs/adopting.md).
EXAMPLES := kansas-city canada-en-fr ireland

.PHONY: html publish serve validate report test check lint bench clean help example examples

help:
	@echo "make html      set up .venv and build the site into output/ (from data/participants.csv)"
	@echo "make serve     build, preview at http://127.0.0.1:$(PORT)/ and rebuild on change"
	@echo "make validate  check the register; every problem as FILE:ROW: COLUMN: message"
	@echo "make report    what will be published, pending applications, re-training, changes since main"
	@echo "make publish   build the production site (publishconf.py); refuses placeholder settings"
	@echo "make test      set up what the tests need (incl. Debian's Chromium headless shell) and run them all"
	@echo "make check     the fast tier: ruff (lint) and the in-process unit tests, in about a minute"
	@echo "make lint      ruff (lint and format check) and mypy, as CI's lint job runs them"
	@echo "make example NAME=ireland   build one example agency (examples/<NAME>/) into output-examples/<NAME>/"
	@echo "make examples  build every example agency ($(EXAMPLES))"
	@echo "make bench     build time, page weight, a slow phone, CLS/FCP/LCP/TBT and Lighthouse scores for 300 / 3,000 / 5,000 / 30,000 places"
	@echo "make clean     remove output/ and caches (keeps .venv)"
	@echo ""
	@echo "The register in Excel (after make html has set up .venv):"
	@echo "  .venv/bin/safeplace template register.xlsx   the register as a workbook made for editing"
	@echo "  .venv/bin/safeplace import register.xlsx     check the workbook (or an Excel CSV) and write data/participants.csv"
	@echo "  .venv/bin/safeplace intake export.csv        add the sign-up form's applications as pending rows"
	@echo "  .venv/bin/safeplace geocode                  fill missing lat/lon from the addresses"

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_INSTALLED): $(INSTALLED) pyproject.toml scripts/install-test-deps tests/js/package-lock.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	scripts/install-test-deps
	touch $@

# The test extra's Python packages only (ruff, mypy, pre-commit among them): no browser.
$(LINT_INSTALLED): $(INSTALLED) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

html: $(INSTALLED)
	$(BIN)/safeplace build

publish: $(INSTALLED)
	$(BIN)/safeplace build --settings publishconf.py

serve: $(INSTALLED)
	$(BIN)/safeplace serve --port $(PORT)

validate: $(INSTALLED)
	$(BIN)/safeplace validate

report: $(INSTALLED)
	$(BIN)/safeplace report

# pytest's status 5 is "no tests collected": a suite that ran nothing has not passed. The 25
# slowest tests are named at the end of every run (where the 6-minute budget goes).
test: $(TEST_INSTALLED)
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(TEST_DIST) --durations=25 || { status=$$?; \
	  [ $$status -ne 5 ] || echo "make test: no tests were collected" >&2; exit $$status; }

# The fast tier (no browser to install): lint, then the in-process unit tests.
check: lint
	$(BIN)/python -m pytest -q tests/unit || { status=$$?; \
	  [ $$status -ne 5 ] || echo "make check: no unit tests were collected" >&2; exit $$status; }

lint: $(LINT_INSTALLED)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

example: $(INSTALLED)
	@test -n "$(NAME)" -a -f "examples/$(NAME)/pelicanconf.py" || \
	  { echo "make example NAME=<one of: $(EXAMPLES)>" >&2; exit 2; }
	$(BIN)/safeplace build --settings examples/$(NAME)/pelicanconf.py --output output-examples/$(NAME)

examples: $(INSTALLED)
	for name in $(EXAMPLES); do \
	  $(BIN)/safeplace build --settings examples/$$name/pelicanconf.py --output output-examples/$$name || exit 1; \
	done

# Google's Lighthouse (npm, pinned in benchmarks/package-lock.json) for make bench only.
$(BENCH_INSTALLED): scripts/install-bench-deps benchmarks/package-lock.json
	scripts/install-bench-deps
	touch $@

bench: $(TEST_INSTALLED) $(BENCH_INSTALLED)
	$(BIN)/python -m benchmarks.bench

clean:
	rm -rf output output-examples .output-* .output.lock .pytest_cache .hypothesis
