"""Options and helpers shared by several command groups."""
from __future__ import annotations

from pathlib import Path

import typer

SourcesArg = typer.Argument(None, help="Report files, or folders of .txt, .md, .pdf, .hwpx and .hwp reports (default: the embedded corpus).")
YearOpt = typer.Option(None, "--year", help="Report year for sources without a manifest row or a year in the text.")
MaxReportOpt = typer.Option(None, "--max-report-mb", min=0,
                            help="Largest text report read, in MB (default 5; a PDF/HWPX/HWP file may be 20 times it; 0: no limit).")


def source_paths(sources: list[Path] | None) -> list[Path]:
    """The given sources, or the embedded corpus when none are given."""
    from ..resources import SOURCES_DIR

    return list(sources) if sources else [SOURCES_DIR]


def unfinished_build(folder: Path) -> tuple[list[Path], int | None] | None:
    """The inputs and year of the build ``folder`` holds if it did not finish (saying so on stderr), else None.

    A build killed half-way (or still running) leaves new outputs beside old
    ones; readers then rebuild its sources in memory rather than trust them.
    """
    import sys

    from ..pipeline.folder import unfinished

    record = unfinished(folder)
    if record is None:
        return None
    print(f"ydkg: {folder} holds an unfinished build ({record.build_id}, killed or still running); "
          "building its sources in memory", file=sys.stderr)
    return [Path(p) for p in record.inputs], record.year


_CONTROLS = {c: None for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}


def printable(text: str) -> str:
    """``text`` without control characters (TAB and newline kept): what may reach a terminal."""
    return text.translate(_CONTROLS)


ReviewOpt = typer.Option(None, "--review", help="A judgement file or folder of them (repeatable; default: data/review/).")
NoReviewOpt = typer.Option(False, "--no-review", help="Apply no judgements (not even data/review/).")


def review_paths(review: list[Path] | None, no_review: bool) -> list[Path] | None:
    """The judgement files a build reads: none with --no-review, the --review ones, else None (the default)."""
    from ..errors import YdkgError

    if no_review and review:
        raise YdkgError("--review and --no-review are exclusive; give one")
    return [] if no_review else (list(review) if review else None)
