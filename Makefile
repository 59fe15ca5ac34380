# Two commands do all the set-up on a fresh machine:
#   make run    install, then build the embedded corpus into out/
#   make test   install (and Debian's chromium, Korean fonts and Virtuoso for the page and push tests), then run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: run test install browser virtuoso bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/ydkg build data/sources --out $(OUT)

# chromium, and Korean fonts so that the page's labels (and the test screenshots) show Hangul
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the page tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@fc-list :lang=ko 2>/dev/null | grep -q . || { \
	  echo "installing Korean fonts (fonts-noto-cjk) for the page tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }

# Debian's Virtuoso binaries (virtuoso-t, isql-vt) for tests/test_virtuoso.py; no service is
# installed or started (the test runs its own on loopback). If it cannot be installed, those tests skip.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || { \
	  echo "installing Debian's Virtuoso for the push tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      virtuoso-opensource-7-bin >/dev/null; } || echo "could not install Virtuoso: its tests will be skipped"; }

test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	bench/run

clean:
	rm -rf $(OUT) .pytest_cache
