# The front door: `make run` and `make test` work on a fresh clone with only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
# Tests run in parallel, one worker per core; PYTEST_ARGS adds to or narrows the run.
PYTEST_ARGS ?=

.PHONY: help venv run migrate demo serve-production test lint fmt bench clean

help:
	@echo "make run    set up, migrate, load the demo archive, serve on http://127.0.0.1:8000"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff check and format check"
	@echo "make fmt    format and fix what ruff can"
	@echo "make bench  run every benchmark in bench/ at 100,000 stories (STORIES=1000000 for full size)"
	@echo "make serve-production  collect static files, migrate, check, serve with gunicorn (README: Deployment)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo --if-empty

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Production, from the documented steps (README, "Deployment"): needs SECRET_KEY, ALLOWED_HOSTS and
# DATABASE_URL in the environment; gunicorn's settings are in newsroom/gunicorn.conf.py.
serve-production: venv
	DJANGO_ENV=production $(PY) manage.py collectstatic --no-input --verbosity 0
	DJANGO_ENV=production $(PY) manage.py migrate --no-input
	DJANGO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_ENV=production exec $(PY) -m gunicorn --config newsroom/gunicorn.conf.py newsroom.wsgi

test: venv
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every benchmark runs at STORIES stories: `make bench` at 100,000 (a few minutes), `make bench STORIES=1000000` at
# the archive's full size. The corpus is made first (once per size, under var/bench/; its time is printed, not
# measured as a benchmark), then each script in bench/ that runs as one (has a __main__ block) gets --stories.
STORIES ?= 100000

bench: venv
	$(PY) bench/corpus.py --stories $(STORIES) --split 100000
	@failed=""; for script in bench/*.py; do \
		case "$$script" in bench/corpus.py) continue ;; esac; \
		grep -q '^if __name__ == "__main__":' "$$script" || continue; \
		echo "== $$script --stories $(STORIES)"; \
		$(PY) "$$script" --stories $(STORIES) || failed="$$failed $$script"; \
	done; \
	if [ -n "$$failed" ]; then echo "benchmarks that failed:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache staticfiles
