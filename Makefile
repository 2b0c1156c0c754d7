# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8080
STAMP  := $(VENV)/.installed

.PHONY: run test build serve lint format bench score clean browser-deps

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kg build --timings

run: build
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

serve: $(STAMP)
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check kg server tests bench
	$(BIN)/ruff format --check kg server tests bench

format: $(STAMP)
	$(BIN)/ruff format kg server tests bench
	$(BIN)/ruff check --fix kg server tests bench

# Debian's Chromium for the browser tests (tests/browser; playwright drives it, never downloads a browser).
browser-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

test: build browser-deps lint
	$(BIN)/pytest -q -p no:cacheprovider tests

bench: build
	$(BIN)/python -m bench $(BENCH_ARGS)

# kg ingest's accuracy: leave one seed document out, then each set of texts nobody wrote rules for
GOLD := $(sort $(wildcard tests/fixtures/ingest/gold/*))
score: $(STAMP)
	$(BIN)/kg ingest --score
	for set in $(GOLD); do $(BIN)/kg ingest --score --gold $$set | sed -n '1,15p'; echo; done

clean:
	rm -rf $(VENV) dist .dist-versions
