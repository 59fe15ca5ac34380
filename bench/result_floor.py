"""The floor under a big SPARQL answer: pyoxigraph's cost per row, whatever the plan.

A named query that answers thousands of rows (a year's events across every
district, the busiest hospital's every statement) cannot be faster than
handing those rows to Python. This measures that floor on the smallest store
that can give such an answer: N subjects with C literal properties each, read
back by one star pattern (each row costs C lookups on one subject, the
cheapest rows a plan can make), with and without ``ORDER BY``, and the bare
iteration of the solutions without reading their values.

The same answer costs 6-8 times as much from a persisted (RocksDB) store, which
is what ``ydkg query`` opens (7,636 rows of 9 columns: 103 ms in memory, 649 ms
on disk, 2026-12-05): :func:`persisted_copy` gives that floor.

``python -m bench.result_floor [--rows 7800 3500 2900 500] [--columns 9]``
prints one line per size. Not a test: the figures depend on the machine.
"""
from __future__ import annotations

import argparse
import time

import pyoxigraph as ox

EX = "https://example.org/floor/"


def store_of(rows: int, columns: int) -> ox.Store:
    """``rows`` subjects, each with ``columns`` Korean literal properties."""
    store = ox.Store()
    preds = [ox.NamedNode(f"{EX}p{j}") for j in range(columns)]
    store.extend(ox.Quad(ox.NamedNode(f"{EX}s{i}"), p, ox.Literal(f"영등포구 행사 {i} 항목 {j}"), ox.DefaultGraph())
                 for i in range(rows) for j, p in enumerate(preds))
    return store


def persisted_copy(store: ox.Store, path: str) -> ox.Store:
    """``store`` bulk-loaded into an on-disk store at ``path``, compacted and reopened read-only, as
    ``ydkg query`` opens the build's store: the floor on that kind of store (each value is read
    from disk rather than from memory)."""
    disk = ox.Store(path)
    disk.bulk_extend(iter(store))
    disk.optimize()
    disk.flush()
    del disk
    return ox.Store.read_only(path)


def star_query(columns: int, order: bool) -> str:
    """Every subject's ``columns`` values as one row."""
    names = " ".join(f"?v{j}" for j in range(columns))
    body = " ; ".join(f"<{EX}p{j}> ?v{j}" for j in range(columns))
    return f"SELECT {names} WHERE {{ ?s {body} }}" + (" ORDER BY ?v0" if order else "")


def best_ms(fn, reps: int) -> float:
    """The best of ``reps`` timed calls, in milliseconds."""
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[7800, 3500, 2900, 500])
    ap.add_argument("--columns", type=int, default=9)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"| rows × {args.columns} columns | iterate only | rows as Python values | with ORDER BY | µs per row |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.rows:
        store = store_of(n, args.columns)
        plain, ordered = star_query(args.columns, False), star_query(args.columns, True)
        bare = best_ms(lambda: sum(1 for _ in store.query(plain)), args.reps)
        values = best_ms(lambda: [tuple(t.value for t in row) for row in store.query(plain)], args.reps)
        sort = best_ms(lambda: [tuple(t.value for t in row) for row in store.query(ordered)], args.reps)
        print(f"| {n:,} | {bare:.1f} ms | {values:.1f} ms | {sort:.1f} ms | {1000 * values / n:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
