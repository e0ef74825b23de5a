# The two commands of the README: `make demo` and `make test`. Both create .venv when it is missing.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_WORKERS ?= 2

.PHONY: demo test serve sandbox lint typecheck unit integration e2e browser openapi bench venv clean deploy

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

# The browser tests drive Debian's Chromium (Playwright's own browser download is not reachable):
# installed once, quietly, when it is missing.
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests (once)..."
	@$(SUDO) apt-get update -qq >/dev/null
	@DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null

demo: venv
	$(BIN)/sellerlink demo

serve: venv
	$(BIN)/sellerlink serve

sandbox: venv
	$(BIN)/sellerlink sandbox --port 3100

# Unit tests patch the process (moto in-process, handler caches; tests/local installs the moto
# corrections in-process too); the stack suites share one local stack per process. So the two
# kinds run in separate pytest processes: the product's and the emulator's unit tests together.
# The unit run measures branch coverage of sellerlink and functions and fails under the floor
# in pyproject.toml.
# The browser tests (tests/browser: Playwright and Chromium against the local stack) share the
# stack suites' processes: each journey puts the sandbox's clock back as it found it.
test: venv lint typecheck $(CHROMIUM)
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --cov --cov-report= tests/unit tests/local
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/integration tests/e2e tests/browser

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SAM_CLI_TELEMETRY=0 $(BIN)/sam validate --lint --template template.yaml --region us-east-1

typecheck: venv
	$(BIN)/mypy layers/sellerlink/sellerlink local/sellerlink_local functions

unit: venv
	$(BIN)/pytest -q tests/unit

integration: venv
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/integration

e2e: venv
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/e2e

browser: venv $(CHROMIUM)
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) tests/browser

openapi: venv
	$(BIN)/python -m sellerlink.api.openapi > openapi.json

bench: venv
	for script in bench/[!_]*.py; do $(BIN)/python $$script || exit 1; done  # bench/_*.py: parts of others

# Deploys to the AWS account of your credentials (see README, "Deploying to AWS"): sam builds the
# layer and functions for arm64, then asks for the parameters and confirms the change set.
deploy: venv
	$(BIN)/sam build
	$(BIN)/sam deploy --guided

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
