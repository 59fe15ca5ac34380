"""Smoke test of ``bench/run``: one small size, no big baselines; the table prints (not timed)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_run_prints_the_table(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [str(ROOT / "bench" / "run"), "--sizes", "20", "--no-baselines", "--reps", "2",
         "--work", str(tmp_path), "--json", str(tmp_path / "r.json")],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "| 20 reports" in out
    for row in ("parse · regex floor", "serialise TriG", "build through TriG", "peak RSS",
                "busiest lookups p50/p95: oxigraph mem", "busiest lookups p50/p95: oxigraph disk",
                "sampled lookups p50/p95: oxigraph mem", "ydkg brief, cold process"):
        assert row in out, row
    sampled = next(line for line in out.splitlines() if "sampled lookups p50/p95: oxigraph mem" in line)
    assert " ms / " in sampled, sampled  # measured, not skipped
    assert "n/a (--no-baselines)" in out
    assert "(TypeError)" not in out and "(KeyError)" not in out
    assert (tmp_path / "r.json").is_file()
