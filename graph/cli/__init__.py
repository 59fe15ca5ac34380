"""The ``ydkg`` command line: one module per command group, each with ``register(app)``.

Every command takes ``-h``/``--help`` and ``--version``. Exit status: 0 done,
1 nothing found (an empty answer to a lookup, said on stderr), 2 bad usage or
bad input (:class:`graph.errors.YdkgError`, one line on stderr; also what
the system refuses, an ``OSError`` such as a read-only folder). Anything
else is a bug and keeps its traceback.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import sys
from typing import NoReturn

import typer
import typer.core

from ..errors import NothingFound, YdkgError
from .common import printable, shown_name

#: Command-group modules under ``graph/cli/``; each defines ``register(app)``.
COMMAND_MODULES: tuple[str, ...] = ("build", "serve", "query", "viz", "brief", "review")

HELP = ("Knowledge graph of a district office's actors, partners and programs, from its council work reports.\n\n"
        "구의회 주요업무보고에서 구청의 주체·협력기관·사업을 지식 그래프로 만듭니다.\n\n"
        "Exit status: 0 done, 1 nothing found, 2 bad usage or bad input.")


def version() -> str:
    """The installed package's version (``ydkg X.Y.Z``'s number)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("ydkg")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def _show_version(value: bool) -> None:
    if value:
        print(f"ydkg {version()}")
        raise typer.Exit(0)


def _plain_argument_help(self: typer.core.TyperArgument, ctx: object) -> str | None:
    """An argument's help shows its metavar (``SOURCES...``) and no Python type (``<list[Path]>``)."""
    return None if self.metavar else _argument_type(self, ctx)


def _plain_usage_name(self: typer.core.TyperArgument) -> str:
    """An argument in the usage line as click and its users write it: ``NAME...``, ``[SOURCES]...``."""
    name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
    return name + ("..." if self.nargs != 1 else "")


# typer's help shows a Python type after each argument and braces around required ones; the help of a
# command-line tool of this family (click, csvkit, sqlite-utils) shows neither.
_argument_type = typer.core.TyperArgument.display_type_rich
typer.core.TyperArgument.display_type_rich = _plain_argument_help  # type: ignore[method-assign]
typer.core.TyperArgument._usage_display_name = _plain_usage_name  # type: ignore[method-assign]

app = typer.Typer(
    name="ydkg",
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.callback()
def _root(version_: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                        help="Print ydkg's version and exit.")) -> None:
    """The options before the command."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(app)


def _asks_version(args: list[str]) -> bool:
    """``--version`` anywhere before ``--`` (so that ``ydkg build --version`` answers too)."""
    return "--version" in (args[: args.index("--")] if "--" in args else args)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (user errors are one line on stderr)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if _asks_version(args):
        print(f"ydkg {version()}")
        return 0
    try:
        app(args=args, prog_name="ydkg", standalone_mode=False)
    except NothingFound as exc:
        print(f"ydkg: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except YdkgError as exc:
        print(f"ydkg: error: {printable(shown_name(str(exc)))}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # the system refused (a read-only folder, a full disk): the user's to fix, not a bug
        where = f"{exc.filename}: " if exc.filename else ""
        print(printable(shown_name(f"ydkg: error: {where}{exc.strerror or exc}")), file=sys.stderr)
        return 2
    except RecursionError:
        print("ydkg: error: the input nests too deeply to read", file=sys.stderr)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        print("ydkg: aborted", file=sys.stderr)
        return 130
    except Exception as exc:  # usage errors (typer's click) arrive here in non-standalone mode
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            return exc.exit_code
        raise
    return 0


def entry() -> NoReturn:
    """The ``ydkg`` script: :func:`main`, then the process ends without tearing the interpreter down.

    A build leaves millions of objects behind it; freeing them one by one at exit took 1.2 s at
    1,000 synthetic reports, after every output was written and closed. The exit handlers still
    run and the standard streams are flushed first (mypy ends the same way). A bug's traceback
    ends the process the usual way.
    """
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (ydkg … | head) or stream
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
