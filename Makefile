# Convene — one command to run, one to test. Everything lands in .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export FLASK_APP := wsgi.py

PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test test-sqlite test-postgres e2e lint bench loadtest translations extract \
	update-translations install install-test demo clean system-deps vendor-js

run: install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask forum seed-demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port 5000

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml node_modules/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# axe-core for the accessibility checks in the browser tests (from the npm registry).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: scripts/system-deps test installs it"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The Debian packages the tests need (Chromium, Node/npm, PostgreSQL, Redis, Pango, mat2…):
# installed when missing (as root or with sudo), else the script prints the command. One
# list, in scripts/system-deps, shared with CI. `make run` needs none of the test ones.
system-deps:
	@scripts/system-deps test

translations: install $(MO_FILES)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Re-extract messages and merge them into every catalog (then translate the new entries).
extract: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k N_ -k lazy_ngettext:1,2 \
		--no-location --no-wrap --sort-output -o translations/messages.pot .

update-translations: extract
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-wrap \
		--ignore-obsolete --no-fuzzy-matching

demo: install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask forum seed-demo

# The QR decoder the check-in desk loads when the browser has no BarcodeDetector: copied
# from the npm package pinned in package.json into forum/static (committed), with its
# licence, so it is served from our origin and nothing is fetched from another.
vendor-js: node_modules/.installed
	{ printf '/*! jsQR %s (https://github.com/cozmo/jsQR), Apache License 2.0: see jsQR.LICENSE.\n    Vendored unchanged from the npm registry package jsqr@%s (dist/jsQR.js), pinned in\n    package.json; `make vendor-js` copies it again after an upgrade. */\n' \
	  $$(node -p 'require("./node_modules/jsqr/package.json").version') $$(node -p 'require("./node_modules/jsqr/package.json").version'); \
	  cat node_modules/jsqr/dist/jsQR.js; } > forum/static/js/vendor/jsQR.js
	cp node_modules/jsqr/LICENSE forum/static/js/vendor/jsQR.LICENSE

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r forum -c pyproject.toml
	$(BIN)/lint-imports --no-cache

# The suite on SQLite, then on PostgreSQL, then a summary of what ran and what was skipped
# (see scripts/test-suite for which databases it uses: it wipes them).
test: system-deps install-test translations lint
	@PY=$(PY) scripts/test-suite

test-sqlite: system-deps install-test translations
	env -u FORUM_TEST_DATABASE_URL $(PY) -m pytest

test-postgres: system-deps install-test translations
	@test -n "$$FORUM_TEST_DATABASE_URL" || { echo "set FORUM_TEST_DATABASE_URL (a database used only for tests: it is wiped)"; exit 1; }
	$(PY) -m pytest -m "not e2e"

e2e: system-deps install-test translations
	$(PY) -m pytest tests/e2e

# `make bench BENCH=pages` runs only the benchmarks whose name holds "pages" (bench/run.py).
bench: install-test translations
	@scripts/system-deps bench
	$(PY) bench/run.py $(BENCH)

# Load and fault test: gunicorn + a private, throwaway PostgreSQL cluster (bench/loadtest.py).
# LOADTEST_SECONDS (60), LOADTEST_USERS (50) and LOADTEST_FAULT_SECONDS (12) bound it.
loadtest: system-deps install-test translations
	$(PY) bench/loadtest.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache $(MO_FILES)
