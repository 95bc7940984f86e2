# `make run` and `make test` are all a new user needs: each creates .venv when it is missing
# and (re)installs the project only when pyproject.toml is newer than the last install.
PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format bench accuracy screenshots clean

run: $(INSTALLED)
	$(VENV_PYTHON) main.py

test: $(INSTALLED)
	$(VENV_PYTHON) -m pytest

lint: $(INSTALLED)
	$(VENV_PYTHON) -m ruff check .
	$(VENV_PYTHON) -m ruff format --check .

format: $(INSTALLED)
	$(VENV_PYTHON) -m ruff format .
	$(VENV_PYTHON) -m ruff check --fix .

bench: $(INSTALLED)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(VENV_PYTHON) benchmarks/run_all.py
	MONKEY_LONG=1 $(VENV_PYTHON) -m pytest -q tests/gui/test_monkey.py

accuracy: $(INSTALLED)
	$(VENV_PYTHON) benchmarks/accuracy.py

$(VENV_PYTHON):
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(VENV_PYTHON)
	$(VENV_PYTHON) -m pip install --quiet --upgrade pip
	$(VENV_PYTHON) -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

# The README's pictures, rendered off screen by the app itself.
screenshots: $(INSTALLED)
	$(VENV_PYTHON) main.py --screenshot docs/screenshots/functions.png --tab functions --functions sigmoid,tanh,relu,gelu,elu --size 1400x900
	$(VENV_PYTHON) main.py --screenshot docs/screenshots/softmax.png --tab softmax --size 1400x900
	$(VENV_PYTHON) main.py --screenshot docs/screenshots/compare.png --tab compare --size 1400x900
	$(VENV_PYTHON) main.py --screenshot docs/screenshots/gated.png --tab gated --size 1400x900
	$(VENV_PYTHON) tools/render_race_screenshot.py
