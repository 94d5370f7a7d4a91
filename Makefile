# Every target does its own set-up: a virtualenv in .venv with the pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test fuzz soak bench docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,ray]'
	touch $(STAMP)

DEMO_DB := demo.duckdb
HOST ?= 127.0.0.1
PORT ?= 8000

demo: $(DEMO_DB)
	$(BIN)/dyad extract demo/articles.jsonl --format table
	@echo "Summary of the demo database $(DEMO_DB):"
	@$(BIN)/dyad sql --db $(DEMO_DB) "SELECT (SELECT count(*) FROM articles) AS articles, \
	    (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM stories) AS stories, \
	    (SELECT count(*) FROM quotes) AS quotes"
	@$(BIN)/dyad sql --db $(DEMO_DB) "SELECT type, count(*) AS events FROM events GROUP BY type ORDER BY events DESC, type"
	@$(BIN)/dyad sql --db $(DEMO_DB) "SELECT actor_code || ' -> ' || recipient_code AS dyad, count(*) AS events \
	    FROM event_dyads WHERE actor_code IS NOT NULL AND recipient_code IS NOT NULL \
	    AND modality IN ('asserted', 'historical') GROUP BY dyad ORDER BY events DESC, dyad LIMIT 8"
	@echo
	@echo "Demo database: $(DEMO_DB). Open the dashboard with: make serve  (then http://$(HOST):$(PORT)/)"

# The demo database, built anew when the articles or the code that codes them change.
CODING_SOURCES := $(shell find src/dyad -type f \( -name '*.py' -o -name '*.json' -o -name '*.jsonl' \) \
                    -not -path 'src/dyad/api/*' -not -path 'src/dyad/web/*')
$(DEMO_DB): demo/articles.jsonl $(CODING_SOURCES) $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/dyad ingest demo/articles.jsonl --db $(DEMO_DB)

serve: $(DEMO_DB)
	@echo "Dashboard: http://$(HOST):$(PORT)/   API docs: http://$(HOST):$(PORT)/docs   (Ctrl-C stops)"
	$(BIN)/dyad serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The fuzz tests at length (make test runs them bounded): DYAD_FUZZ_EXAMPLES examples per test.
fuzz: $(STAMP)
	DYAD_FUZZ_EXAMPLES=$${DYAD_FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest -q tests/test_fuzz_ingest.py \
		tests/test_fuzz_extract.py tests/test_fuzz_cli.py tests/test_fuzz_api.py

# Ingest killed and starved of disk while the server serves readers; see docs/reliability.md.
soak: $(STAMP)
	$(BIN)/python bench/soak.py

docs: $(STAMP)
	$(BIN)/python -m dyad.cli.reference > docs/reference/cli.md
	$(BIN)/mkdocs build --strict
	@echo "docs built in site/ (open site/index.html)"

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) site build *.egg-info src/*.egg-info .pytest_cache $(DEMO_DB)
