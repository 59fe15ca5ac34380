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

ReviewOpt = typer.Option(None, "--review", help="A judgement file or folder of them (repeatable; default: data/review/).")
NoReviewOpt = typer.Option(False, "--no-review", help="Apply no judgements (not even data/review/).")


def review_paths(review: list[Path] | None, no_review: bool) -> list[Path] | None:
    """The judgement files a build reads: none with --no-review, the --review ones, else None (the default)."""
    from ..errors import YdkgError

    if no_review and review:
        raise YdkgError("--review and --no-review are exclusive; give one")
    return [] if no_review else (list(review) if review else None)
