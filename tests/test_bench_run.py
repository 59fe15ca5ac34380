"""Smoke test of ``bench/run``: one small size, no big baselines; the table prints (not timed)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_run_prints_the_table(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [str(ROOT / "bench" / "run"), "--sizes", "20", "--no-baselines", "--reps", "2", "--cli-reps", "2",
         "--work", str(tmp_path), "--json", str(tmp_path / "r.json")],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "| 20 reports" in out
    for row in ("parse in the build · alone · regex floor", "serialise TriG", "build through TriG", "peak RSS",
                "busiest lookups p50/p95: oxigraph mem", "busiest lookups p50/p95: oxigraph disk",
                "sampled lookups p50/p95: oxigraph mem", "ydkg brief, cold process"):
        assert row in out, row
    sampled = next(line for line in out.splitlines() if "sampled lookups p50/p95: oxigraph mem" in line)
    assert " ms / " in sampled, sampled  # measured, not skipped
    assert "n/a (--no-baselines)" in out
    assert "(TypeError)" not in out and "(KeyError)" not in out
    assert (tmp_path / "r.json").is_file()
    cli = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["20"]["cli"]
    for key in ("facts", "build", "build_all"):  # the best of two runs, each kept
        assert len(cli[f"{key}_runs"]) == 2 and cli[f"{key}_s"] == min(cli[f"{key}_runs"]) > 0
    assert "the best wall time of 2 run(s) each" in out


def test_rdflib_baseline_answers_like_ydkgs_rdflib_store() -> None:
    """The baseline's Dataset, filled triple by triple into the report graphs, answers a named
    query as ydkg's own rdflib store of the same knowledge base does; every named query reads
    report graphs (so a plain Graph of their union could stand in for none)."""
    from bench.run import _rdflib_fill, _rdflib_new, _rdflib_store, needs_named_graphs
    from graph.export import rdf
    from graph.query import sparql
    from graph.query.store import RdflibStore
    from test_rdf import sample_kb

    kb = sample_kb()
    filled = _rdflib_new()
    _rdflib_fill(filled, rdf.quads(kb))
    baseline, ours = _rdflib_store(filled), RdflibStore.from_kb(kb)
    lib = sparql.library()
    rows = sparql.run(ours, lib["sister-cities"])
    assert len(rows[1]) >= 1 and sparql.run(baseline, lib["sister-cities"]) == rows
    assert sorted(n for n in lib if needs_named_graphs(n)) == sorted(lib)


def test_rdflib_baseline_too_big_is_skipped_with_why(tmp_path: Path, monkeypatch) -> None:
    """When the Dataset is estimated not to fit, the baseline is skipped and says why (a Graph,
    smaller, could answer none of the named queries: they read report graphs)."""
    from itertools import islice

    import bench.run as br
    from graph.export import rdf
    from test_rdf import sample_kb

    kb = sample_kb()
    n = sum(1 for _ in rdf.quads(kb))
    need = br._rdflib_est_mib(list(islice(rdf.quads(kb), 50_000)), n)
    monkeypatch.setattr(br, "_available_mib", lambda: need / 2 / 0.6)
    m = {"quads": n, "quads_s": 0.0}
    br._rdflib_baselines(kb, tmp_path, [("sister-cities", {})], [], 1, 60.0, "영등포구", m)
    why = m["rdflib_fill_s"]["skipped"]
    assert why.startswith("est. ") and "every named query reads named graphs" in why
    assert m["q_rdflib"] == m["q_rdflib_sampled"] == {"skipped": f"needs the rdflib store ({why})"}


def test_a_call_past_the_budget_is_stopped_there() -> None:
    """One slow call does not run past the budget: it is stopped, its time kept as a lower bound,
    the rest skipped, and the table marks ratios against it with "≥"."""
    import time

    import bench.run as br

    class Slow:
        """A store whose every query spins in Python for 5 s (as rdflib's SPARQL does)."""

        def query(self, *args, **kwargs):
            end = time.perf_counter() + 5
            while time.perf_counter() < end:
                pass
            return []

    t = time.perf_counter()
    q = br._time_queries(Slow(), [("organisation", {}), ("timeline", {"name": "x"})], 3, 0.3, [])
    assert time.perf_counter() - t < 2
    assert q["stopped"] == ["organisation"] and q["skipped"] == ["timeline"]
    assert 0.3 <= q["per_query_p50"]["organisation"] < 1.5
    ours = {"p50": 0.001, "p95": 0.001, "per_query_p50": {"organisation": 0.001}}
    assert "rdflib ≥" in br._queries(ours, q)
    assert "stopped 1 at the budget" in br._queries(q)


def test_rdflib_fill_stops_before_memory_runs_out(monkeypatch) -> None:
    """When free memory falls under the floor during the fill, the baseline is skipped, saying why."""
    import bench.run as br

    assert list(br._memory_guarded(range(5), floor_mib=0)) == [0, 1, 2, 3, 4]
    monkeypatch.setattr(br, "_available_mib", lambda: 100.0)
    import pytest

    with pytest.raises(MemoryError, match="ran out of memory"):
        list(br._memory_guarded(range(5)))


def test_result_floor_reads_back_every_row(capsys) -> None:
    """The floor benchmark's star query returns each subject once with all its values, in order."""
    from bench.result_floor import main, star_query, store_of

    store = store_of(30, 4)
    rows = [tuple(t.value for t in r) for r in store.query(star_query(4, order=True))]
    assert len(rows) == 30 and rows == sorted(rows) and all(len(set(r)) == 4 for r in rows)
    assert main(["--rows", "30", "--columns", "4", "--reps", "1"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("| rows × 4 columns |") and printed[2].startswith("| 30 | ")


def test_result_floor_on_disk_answers_the_same(tmp_path: Path) -> None:
    """The floor's persisted copy (the kind of store ``ydkg query`` opens) holds the same rows."""
    from bench.result_floor import persisted_copy, star_query, store_of

    store = store_of(40, 3)
    disk = persisted_copy(store, str(tmp_path / "floor"))
    query = star_query(3, order=True)
    assert len(disk) == len(store) == 120
    assert [tuple(t.value for t in r) for r in disk.query(query)] == [tuple(t.value for t in r) for r in store.query(query)]
