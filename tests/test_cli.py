"""The command line as users meet it: help, version, options documented in the README, stdin, exit codes.

Like sqlite-utils, the docs are tested against the CLI: every command and
option the README's command-line section names must exist (and not be a
hidden alias), and every command must be in the README.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer

from graph.cli import app, main
from graph.progress import Progress
from graph.resources import SOURCES_DIR

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands  # name → click command
#: A report whose year its own text states (the others take it from manifest.csv).
REPORT = SOURCES_DIR / "001_12c0e7fe743c4ed0.txt"


def _ydkg(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``ydkg`` in its own process as the installed script runs it (:func:`graph.cli.entry`), stdout
    and stderr piped (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=300, env=env)


def test_the_script_is_the_entry(capsys: pytest.CaptureFixture[str]) -> None:
    """``pyproject.toml`` installs :func:`graph.cli.entry`, which ends the process without the interpreter's
    teardown: what it printed still arrives whole, and its exit code is main's."""
    assert re.search(r'^ydkg = "graph\.cli:entry"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    listed = _ydkg("query", "--list")
    assert main(["query", "--list"]) == 0
    assert listed.returncode == 0 and listed.stdout.decode() == capsys.readouterr().out
    assert _ydkg("query", "no-such-query").returncode == 2


def _cli_section() -> str:
    start = README.index("## The command line")
    return README[start:README.index("\n## ", start + 5)]


def test_version_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--version"], ["build", "--version"], ["brief", "몽골", "--version"]):
        assert main(args) == 0
        assert capsys.readouterr().out == f"ydkg {version('ydkg')}\n"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_plain_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("-h", "--help"):
        assert main([name, flag]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Usage: ydkg {name} ")
        assert not re.search(r"<(list|bool|path|str|int|float)|\{[A-Z]", out), out  # no Python types, no braces
        assert re.search(r"[가-힣]", out) and re.search(r"[A-Za-z]{4}", out)  # Korean and English
        assert not re.search(r"--output\b|--sources\b", out)  # old spellings work, undocumented


def test_root_help_lists_commands_with_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-h"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        row = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert re.search(r"[가-힣]", row) and " · " in row, row
    assert "--version" in out and "Exit status: 0 done, 1 nothing found, 2 bad usage" in out


def test_the_readme_names_only_real_commands_and_options() -> None:
    """Every ``ydkg …`` line of the README's command-line section: a real command, real visible options."""
    lines = [ln.strip() for ln in _cli_section().splitlines() if ln.strip().startswith("ydkg ")]
    assert len(lines) >= len(COMMANDS)
    for line in lines:
        code = line.split("#", 1)[0]
        code = re.sub(r"'[^']*'|\"[^\"]*\"|\[[^\]]*…[^\]]*\]", "", code)  # quoted SPARQL, […] placeholders
        words = code.split()
        if words[1].startswith("-"):  # ydkg --version, ydkg -h
            assert words[1] in ("--version", "-h", "--help"), line
            continue
        cmd = COMMANDS.get(words[1])
        assert cmd is not None, f"README names an unknown command: {line}"
        visible = {o for p in cmd.params if not getattr(p, "hidden", False) for o in (*p.opts, *p.secondary_opts)}
        visible |= {"-h", "--help", "--version"}
        for opt in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", " ".join(re.sub(r"\[|\]|\|", " ", code).split()[2:])):
            assert opt in visible, f"README: {opt} is not a visible option of `ydkg {words[1]}` ({line})"


def test_every_command_is_in_the_readme() -> None:
    section = _cli_section()
    for name in COMMANDS:
        assert re.search(rf"^ydkg {name}\b", section, re.M), f"`ydkg {name}` is not in the README's command line"
    assert "## Exit status" in README or "Exit status" in section


def test_facts_reads_a_report_from_standard_input() -> None:
    piped = _ydkg("facts", "-", stdin=REPORT.read_bytes())
    assert piped.returncode == 0, piped.stderr
    named = _ydkg("facts", str(REPORT), "-f", "csv")
    rows, expected = piped.stdout.decode().splitlines(), named.stdout.decode().splitlines()
    assert rows[0] == expected[0] and len(rows) == len(expected) > 50
    assert ",stdin.txt," in rows[1]
    assert piped.stderr == b""  # no progress when stderr is not a terminal
    empty = _ydkg("facts", "-", stdin=b"")
    assert empty.returncode == 2 and b"standard input is empty" in empty.stderr


def test_the_saved_standard_input_is_removed_at_exit(tmp_path: Path) -> None:
    """The script's exit handlers run (the folder that held standard input goes) though the interpreter is
    not torn down."""
    import os

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    assert _ydkg("facts", "-", stdin=REPORT.read_bytes(), env=env).returncode == 0
    assert not list(tmp_path.glob("ydkg-stdin-*"))


def test_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """0 done, 1 nothing found (said on stderr), 2 bad usage or bad input."""
    assert main(["path", "김안과병원", "중소벤처기업부"]) == 0
    capsys.readouterr()
    assert main(["path", "울릉군", "김안과병원"]) == 1
    assert "no path between" in capsys.readouterr().err
    assert main(["brief", "없는이름없는이름"]) == 1
    assert "no entity named" in capsys.readouterr().err
    assert main(["build", "--no-such-option"]) == 2
    assert main(["stats", "-f", "xml"]) == 2
    assert "--format 'xml'" in capsys.readouterr().err
    assert main(["viz"]) == 2  # no -o FILE


def test_old_spellings_still_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", str(REPORT), "--output", str(tmp_path / "f.csv")]) == 0
    assert (tmp_path / "f.csv").read_text(encoding="utf-8").startswith("subject,")
    assert main(["neighbors", "울릉군", "--sources", str(SOURCES_DIR), "--format", "text"]) == 0
    assert "울릉군" in capsys.readouterr().out
    assert main(["brief", "울릉군", str(SOURCES_DIR), "-o", "-"]) == 0  # trailing sources, - for stdout
    assert capsys.readouterr().out.startswith("# 브리핑: 울릉군")


def test_progress_shows_on_a_terminal_only() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    clock = iter([0.0, 3.0, 3.05, 3.5, 9.0]).__next__
    tty = Tty()
    with Progress(tty, delay=2.0, clock=clock) as p:
        p("parsing", 1, 5)   # at 3.0 s: past the delay
        p("parsing", 2, 5)   # 50 ms later: not redrawn
        p("parsing", 3, 5)
    assert tty.getvalue() == "\r\x1b[2Kydkg: parsing 1/5\r\x1b[2Kydkg: parsing 3/5\r\x1b[2K"
    piped = io.StringIO()
    with Progress(piped, delay=0) as p:
        p("parsing", 1, 5)
    assert piped.getvalue() == ""
    quiet = Tty()
    with Progress(quiet, enabled=False, delay=0) as p:
        p("parsing", 1, 5)
    assert quiet.getvalue() == ""
