"""The examples in the package's docstrings run and hold (``>>>`` lines are documentation users copy)."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WITH_EXAMPLES = sorted(
    ".".join(p.relative_to(ROOT).with_suffix("").parts)
    for p in (ROOT / "graph").rglob("*.py") if ">>>" in p.read_text(encoding="utf-8"))


def test_modules_with_examples_are_found() -> None:
    assert "graph.pipeline.parallel" in WITH_EXAMPLES and "graph.model.schema" in WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
