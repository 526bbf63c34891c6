# Two commands matter: `make serve` and `make test`. Both create the virtual
# environment and install the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001
DB := inquiries.db
INSPECT := inspect-data.json
BUILD_INPUTS := build_db.py datapackage.json $(wildcard inquiry_index/*.py schemas/*.json data/csv/*.csv)
# Release files are named after the data version; the manifest is written last.
RELEASE_DIR := dist
RELEASE_PREFIX := $(shell $(PYTHON) -c "import json; d = json.load(open('datapackage.json')); print(d['name'] + '-' + d['version'])")
RELEASE_MANIFEST := $(RELEASE_DIR)/$(RELEASE_PREFIX)-manifest.json
IMAGE ?= inquiry-index

.PHONY: install serve build check release image test bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

$(DB): $(BIN)/.installed $(BUILD_INPUTS)
	$(BIN)/python build_db.py --db $(DB)

$(INSPECT): $(DB)
	$(BIN)/datasette inspect $(DB) --inspect-file $(INSPECT)

build: $(DB)

$(RELEASE_MANIFEST): $(DB) data/README.md data/CHANGELOG.md
	$(BIN)/python build_db.py --db $(DB) release --out $(RELEASE_DIR)

release: $(RELEASE_MANIFEST)

check: install
	$(BIN)/python build_db.py --check

serve: $(DB) $(INSPECT) $(RELEASE_MANIFEST)
	PATH="$(abspath $(BIN)):$$PATH" scripts/serve $(DB) $(INSPECT) $(PORT) $(RELEASE_DIR)

# The container image copies the built database and release files (Dockerfile).
image: $(DB) $(RELEASE_MANIFEST)
	docker build -t $(IMAGE) .

test: install
	$(BIN)/python -m pytest

# Every benchmark, about 15 minutes on 2 cores; writes its tables into
# docs/benchmarks.md. BENCH_FLAGS=--million adds a build of 1,000,000 recommendations.
bench: install
	$(BIN)/python bench/run.py $(BENCH_FLAGS)

clean:
	rm -f $(DB) $(INSPECT)
	rm -rf $(RELEASE_DIR)
