"""Options and helpers shared by the command groups: one spelling and one meaning per option.

- sources are positional (``SOURCES...``); ``-`` reads one report from standard input;
- ``--out DIR`` names a folder, ``-o FILE`` a file (``-`` for standard output);
- ``-f/--format`` takes the same names for the same formats (:data:`FORMATS`);
- ``-q/--quiet`` silences progress, which shows only on a terminal.
"""
from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

import typer

from ..errors import YdkgError

SourcesArg = typer.Argument(None, metavar="SOURCES", show_default=False,
                            help="Report files, or folders of .txt, .md, .pdf, .hwpx and .hwp reports; "
                                 "- reads one report from standard input (default: the embedded corpus).")
YearOpt = typer.Option(None, "--year", metavar="YEAR",
                       help="Report year for sources without a manifest row or a year in the text.")
MaxReportOpt = typer.Option(None, "--max-report-mb", min=0, metavar="MB",
                            help="Largest text report read, in MB (default 5; a PDF/HWPX/HWP file may be 20 times it; 0: no limit).")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress on standard error.")
DataOpt = typer.Option(None, "--data", metavar="DIR", help="A build folder whose kb.pickle to use when fresh "
                       "(default: out/, if built from the same sources).")
#: Old spellings kept working, hidden from the help.
HiddenSourcesOpt = typer.Option(None, "--sources", hidden=True)
HiddenOutputOpt = typer.Option(None, "--output", hidden=True)

#: What each --format name means, wherever it is accepted.
FORMATS = {
    "text": "plain text for reading (a table for query)",
    "csv": "comma-separated values with a header row",
    "json": "one JSON document",
    "jsonl": "one JSON object per line",
    "md": "Markdown",
    "html": "a self-contained HTML page",
}
#: Spellings of earlier releases, read as the name beside them.
FORMAT_ALIASES = {"table": "text"}


def format_opt(default: str, names: tuple[str, ...]) -> typer.models.OptionInfo:
    """``-f/--format`` accepting ``names`` (see :data:`FORMATS`)."""
    return typer.Option(default, "--format", "-f", metavar="FORMAT", help=f"{', '.join(names)} [default: {default}].",
                        show_default=False)


def check_format(value: str, names: tuple[str, ...], error: type[YdkgError] = YdkgError) -> str:
    """The format's name, an old spelling read as its new one; ``error`` if not one of ``names``."""
    value = FORMAT_ALIASES.get(value, value)
    if value not in names:
        raise error(f"--format {value!r}: choose {', '.join(names)}")
    return value


def out_file_opt(help: str) -> typer.models.OptionInfo:
    """``-o FILE`` (``-``: standard output)."""
    return typer.Option(None, "-o", metavar="FILE", help=f"{help} (- for standard output).")


def pick(new: object, old: object) -> object:
    """The new spelling's value, else the hidden old one's."""
    return new if new is not None else old


_STDIN_DIR: list[Path] = []
_MAGIC = ((b"%PDF", ".pdf"), (b"PK\x03\x04", ".hwpx"), (b"\xd0\xcf\x11\xe0", ".hwp"))


def stdin_report(stream=None) -> Path:
    """Standard input saved as one report (``stdin.txt``, or ``.pdf``/``.hwpx``/``.hwp`` by its first bytes)."""
    if _STDIN_DIR:  # read once: a command may ask for its sources twice
        return next(_STDIN_DIR[0].glob("stdin.*"))
    data = (stream or sys.stdin.buffer).read()
    if not data:
        raise YdkgError("-: standard input is empty (give a report on standard input, e.g. ydkg facts - < report.txt)")
    ext = next((e for magic, e in _MAGIC if data.startswith(magic)), ".txt")
    _STDIN_DIR.append(Path(tempfile.mkdtemp(prefix="ydkg-stdin-")))
    atexit.register(shutil.rmtree, _STDIN_DIR[0], True)
    path = _STDIN_DIR[0] / f"stdin{ext}"
    path.write_bytes(data)
    return path


def shown_name(message: str) -> str:
    """``message`` with the file standard input was saved to named ``-``, as the user typed it."""
    for d in _STDIN_DIR:
        for f in d.glob("stdin.*"):
            message = message.replace(str(f), "-")
    return message


def source_paths(sources: list[Path] | None) -> list[Path]:
    """The given sources (``-``: a report read from standard input), or the embedded corpus when none are given."""
    from ..resources import SOURCES_DIR

    if not sources:
        return [SOURCES_DIR]
    if sum(1 for s in sources if str(s) == "-") > 1:
        raise YdkgError("- (standard input) may be given once")
    return [stdin_report() if str(s) == "-" else Path(s) for s in sources]


def emit(text: str, output: Path | None, quiet: bool = False) -> None:
    """Write ``text`` to ``output`` (atomically), or to standard output when it is None or ``-``."""
    if output is None or str(output) == "-":
        sys.stdout.write(printable(text) if sys.stdout.isatty() else text)
        return
    from ..atomic import atomic_write

    atomic_write(output, text)
    if not quiet:
        print(f"ydkg: wrote {output}", file=sys.stderr)


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


ReviewOpt = typer.Option(None, "--review", metavar="PATH", help="A judgement file or folder of them (repeatable; default: data/review/).")
NoReviewOpt = typer.Option(False, "--no-review", help="Apply no judgements (not even data/review/).")


def review_paths(review: list[Path] | None, no_review: bool) -> list[Path] | None:
    """The judgement files a build reads: none with --no-review, the --review ones, else None (the default)."""
    from ..errors import YdkgError

    if no_review and review:
        raise YdkgError("--review and --no-review are exclusive; give one")
    return [] if no_review else (list(review) if review else None)
