"""The ``ydkg`` command line: one module per command group, each with ``register(app)``.

User errors (:class:`graph.errors.YdkgError`) and what the system refuses
(``OSError``: a read-only folder, a full disk) print as one line on stderr and
exit 2; anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

import importlib
import sys

import typer

from ..errors import YdkgError
from .common import printable

#: Command-group modules under ``graph/cli/``; each defines ``register(app)``.
COMMAND_MODULES: tuple[str, ...] = ("build", "serve", "query", "viz", "brief", "review")

app = typer.Typer(
    name="ydkg",
    help="Knowledge graph of a district office's actors, partners and programs, from its council work reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (user errors are one line on stderr)."""
    try:
        app(args=argv, standalone_mode=False)
    except YdkgError as exc:
        print(f"ydkg: error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # the system refused (a read-only folder, a full disk): the user's to fix, not a bug
        where = f"{exc.filename}: " if exc.filename else ""
        print(printable(f"ydkg: error: {where}{exc.strerror or exc}"), file=sys.stderr)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
