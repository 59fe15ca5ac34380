"""Fixtures several test modules share: Debian's chromium, and the embedded corpus as a dataset file."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: Chromium's flags here: no sandbox (root in CI), and none of its background network traffic.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (skipped where it is missing, a failure under CI=true)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but /usr/bin/chromium is missing (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium); `make browser` installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def corpus_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded corpus built into a temporary folder (a real ``dataset.trig`` from ``graph.export.rdf``)."""
    from graph.export.rdf import write_dataset
    from graph.pipeline.build import build_kb
    from graph.resources import SOURCES_DIR

    out = tmp_path_factory.mktemp("corpus")
    write_dataset(build_kb([SOURCES_DIR]), out)
    return out / "dataset.trig"
