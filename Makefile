# The two commands of the README: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
DEMO_DATABASE ?= sqlite:///$(CURDIR)/demo.db

# Every distribution in the tree: core, sector plugins, contrib plugins, test fixtures.
PLUGINS  := $(sort $(dir $(wildcard plugins/*/setup.cfg contrib/*/setup.cfg)))
FIXTURES := $(sort $(dir $(wildcard tests/fixtures/*/setup.cfg)))
STAMP    := $(VENV)/.installed

.PHONY: demo test lint install serve clean bench translations docs screenshots

$(STAMP): setup.cfg pyproject.toml $(wildcard plugins/*/setup.cfg contrib/*/setup.cfg tests/fixtures/*/setup.cfg)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(PLUGINS) $(FIXTURES),-e ./$(p))
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/dangwu --database $(DEMO_DATABASE) demo
	@echo "Open http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server)"
	$(BIN)/dangwu --database $(DEMO_DATABASE) serve --host 127.0.0.1 --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# pytest exits 5 when it collected no test: that is a failure here, like any other.
test: lint
	$(BIN)/python -m pytest -n auto -p no:cacheprovider; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

# Benchmarks (not part of `make test`): timings next to a plain sqlite3 baseline.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_catalog_install.py
	$(BIN)/python benchmarks/bench_supervision.py

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
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
