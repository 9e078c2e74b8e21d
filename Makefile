# The two commands of the README: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
DEMO_DATABASE ?= sqlite:///$(CURDIR)/demo.db
# The venv also holds the test fixtures (a neutral test sector among them): name the demo's sector.
DEMO_SECTOR ?= villages

# Every distribution in the tree: core, sector plugins, contrib plugins, test fixtures.
PLUGINS  := $(sort $(dir $(wildcard plugins/*/setup.cfg contrib/*/setup.cfg)))
FIXTURES := $(sort $(dir $(wildcard tests/fixtures/*/setup.cfg)))
STAMP    := $(VENV)/.installed
# Core on its own: a second venv with dangwu-core[test], the sector-neutral contrib plugins
# (channels...) and the test fixtures: no sector plugin (plugins/*).
CONTRIB    := $(sort $(dir $(wildcard contrib/*/setup.cfg)))
CORE_VENV  ?= .venv-core
CORE_BIN   := $(CORE_VENV)/bin
CORE_STAMP := $(CORE_VENV)/.installed

.PHONY: demo test test-all test-core lint install serve clean bench translations docs screenshots soak audit fuzz review-report

$(STAMP): setup.cfg pyproject.toml $(wildcard plugins/*/setup.cfg contrib/*/setup.cfg tests/fixtures/*/setup.cfg)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(PLUGINS) $(FIXTURES),-e ./$(p))
	@touch $@

install: $(STAMP)

$(CORE_STAMP): setup.cfg pyproject.toml $(wildcard contrib/*/setup.cfg tests/fixtures/*/setup.cfg)
	@test -x $(CORE_BIN)/python || $(PYTHON) -m venv $(CORE_VENV)
	$(CORE_BIN)/python -m pip install --quiet --upgrade pip
	$(CORE_BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(CONTRIB) $(FIXTURES),-e ./$(p))
	@touch $@

demo: $(STAMP)
	$(BIN)/dangwu --database $(DEMO_DATABASE) demo --sector $(DEMO_SECTOR)
	@echo "Open http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server)"
	$(BIN)/dangwu --database $(DEMO_DATABASE) serve --host 127.0.0.1 --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	@# bandit over core and every plugin and contrib package (tests excluded: pyproject.toml);
	@# its "nosec encountered" warnings are noise about sub-expressions of a justified line.
	$(BIN)/bandit -q -c pyproject.toml -r dangwu_core plugins contrib 2>$(VENV)/bandit.err; \
	status=$$?; grep -v "nosec encountered" $(VENV)/bandit.err >&2; exit $$status

# pytest exits 5 when it collected no test: that is a failure here, like any other.
# `make test`: lint, every test with all shipped plugins installed, then core's tests again in
# an environment with core and the test fixtures only (no sector plugin: core stands alone).
test: lint test-all test-core

test-all: $(STAMP)
	$(BIN)/python -m pytest -n auto -p no:cacheprovider; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

# Core's tests (tests/) where no sector plugin is installed: .venv-core holds dangwu-core[test],
# contrib/* and tests/fixtures/* (the neutral test sector among them), nothing from plugins/;
# tests/core/test_sector_neutral.py checks that, told so by DANGWU_TEST_CORE_ONLY.
# The soak, crash, fuzz and upgrade runs exercise the server, the transactions and the
# migrations, which no sector plugin changes: test-all runs them once, here they are skipped.
CORE_ONLY_SKIPS := tests/load tests/crash tests/fuzz tests/upgrade
test-core: $(CORE_STAMP)
	DANGWU_TEST_CORE_ONLY=1 $(CORE_BIN)/python -m pytest -n auto -p no:cacheprovider tests \
	  $(foreach d,$(CORE_ONLY_SKIPS),--ignore=$(d)); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

# Fuzzing with a large budget (`make test` runs the same tests with a small one): the API from
# its OpenAPI document (schemathesis, alone and along its links, anonymous and with a token),
# every form of the portal and the admin, the catalog package and table loaders, the calendar
# and settings loaders, the registered review checks. Prints inputs tried and failures per
# target; any failure fails the target. FUZZ_EXAMPLES sets the budget per target.
FUZZ_EXAMPLES ?= 200
fuzz: $(STAMP)
	@report=$$(mktemp); \
	DANGWU_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DANGWU_FUZZ_REPORT=$$report \
	$(BIN)/python -m pytest -n auto -p no:cacheprovider -q tests/fuzz tests/catalogs/test_fuzz.py; \
	status=$$?; $(BIN)/python tests/fuzzing.py $$report; figures=$$?; rm -f $$report; \
	[ $$status -eq 0 ] && [ $$figures -eq 0 ]

# Precision and recall of dangwu-review's checks per kind on a large generated, labelled corpus
# (contrib/dangwu-review/tests/corpus.py), against issue 16's bounds; a kind below its bound
# fails the target. `make test` measures a small corpus (tests/test_quality.py there).
REVIEW_DOCUMENTS ?= 20000
REVIEW_SEED ?= 16
review-report: $(STAMP)
	$(BIN)/python contrib/dangwu-review/tests/review_report.py \
	  --documents $(REVIEW_DOCUMENTS) --seed $(REVIEW_SEED)

# Benchmarks (not part of `make test`, which runs a tiny version: tests/bench): timings next
# to a plain sqlite3 baseline. The annual report's large unit (2,500 branches) and the read
# benchmark's units (BENCH_SIZES disclosures, BENCH_SEARCH_SIZES for search only) are built
# once and cached in $(BENCH_CACHE). The read benchmark (benchmarks/bench_reads.py, issue 15)
# serves them with `dangwu serve`, a bare Flask app and Datasette, loads them with wrk, and
# writes docs/performance.md and docs/performance.json; BENCH_ARGS passes more options
# (`$(BIN)/python benchmarks/bench_reads.py --help`). Datasette lives in its own environment,
# $(BENCH_VENV), never in the project's; wrk is a Debian package (installed here only as root
# under CI=true; otherwise the built-in Python client stands in, and the report says so).
BENCH_CACHE ?= $(or $(TMPDIR),/tmp)
BENCH_SIZES ?= 10k,100k
BENCH_SEARCH_SIZES ?= 1m
BENCH_ARGS ?=
BENCH_VENV ?= .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP):
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet 'datasette>=0.65,<0.66'
	@touch $@

bench: $(STAMP) $(BENCH_STAMP)
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && [ "$$CI" = true ]; then apt-get install -y -q wrk; \
	  else echo "wrk is not installed (apt-get install wrk): the Python client is used" >&2; fi; }
	$(BIN)/python benchmarks/bench_catalog_install.py
	$(BIN)/python benchmarks/bench_supervision.py
	$(BIN)/python benchmarks/bench_reports.py --cache-dir $(BENCH_CACHE)
	$(BIN)/python benchmarks/bench_reads.py --cache-dir $(BENCH_CACHE) \
	  --sizes $(BENCH_SIZES) --search-sizes "$(BENCH_SEARCH_SIZES)" $(BENCH_ARGS)

# Soak (not part of `make test`, which runs it for 30 s: tests/load/test_soak.py): a mixed
# read/write load against a real `dangwu serve` with `dangwu tick` beside it, SOAK_SECONDS on
# SQLite, then on PostgreSQL when TEST_POSTGRESQL_URL is set (skipped, saying so, when not).
# It prints requests per kind, errors, per-minute RSS and the audit check; it fails on an error,
# memory growth over 10 % or a broken audit trail. Its load and workers: benchmarks/soak*.py.
SOAK_SECONDS ?= 600
soak: $(STAMP)
	SOAK_SECONDS=$(SOAK_SECONDS) $(BIN)/python -m benchmarks.soak

# Known vulnerabilities (pip-audit) in the pinned constraints and the venv: ADVISORY, it never
# fails; where no vulnerability database answers (no network) it says that nothing was audited.
audit: $(STAMP)
	$(BIN)/python tools/audit_report.py

# The English catalog (messages.po and the compiled messages.mo are committed: installing and
# testing need neither network nor pybabel). Run after changing a text on a page or a form.
translations: $(STAMP)
	$(BIN)/python -m dangwu_core.web.translations.build

# The documentation site (mkdocs.yml, docs/) into site/; a warning fails it.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

# The admin guide's screenshots (docs/admin/images/), taken by the admin's browser test.
screenshots: $(STAMP)
	DANGWU_DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest -p no:cacheprovider -q tests/admin/test_browser.py -k guide

clean:
	rm -rf $(VENV) $(CORE_VENV) $(BENCH_VENV) demo.db demo.db-wal demo.db-shm
