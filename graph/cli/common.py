"""Options and helpers shared by several command groups."""
from __future__ import annotations

from pathlib import Path

import typer

SourcesArg = typer.Argument(None, help="Report files, or folders of .txt, .md, .pdf, .hwpx and .hwp reports (default: the embedded corpus).")
YearOpt = typer.Option(None, "--year", help="Report year for sources without a manifest row or a year in the text.")


def source_paths(sources: list[Path] | None) -> list[Path]:
    """The given sources, or the embedded corpus when none are given."""
    from ..resources import SOURCES_DIR

    return list(sources) if sources else [SOURCES_DIR]
