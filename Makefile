# Two commands do all the set-up on a fresh machine:
#   make run    install, then build the embedded corpus into out/
#   make test   install (and Debian's chromium and Korean fonts for the page tests), then run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: run test install browser bench clean

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

test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	bench/run

clean:
	rm -rf $(OUT) .pytest_cache
