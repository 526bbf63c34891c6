# Two commands matter: `make serve` and `make test`. Both create the virtual
# environment and install the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001
DB := inquiries.db
INSPECT := inspect-data.json
BUILD_INPUTS := build_db.py datapackage.json $(wildcard inquiry_index/*.py schemas/*.json data/csv/*.csv)

.PHONY: install serve build check test clean

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

check: install
	$(BIN)/python build_db.py --check

serve: $(DB) $(INSPECT)
	PATH="$(abspath $(BIN)):$$PATH" scripts/serve $(DB) $(INSPECT) $(PORT)

test: install
	$(BIN)/python -m pytest

clean:
	rm -f $(DB) $(INSPECT)
