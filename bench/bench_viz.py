"""Time to a settled, interactive network page: ours vs pyvis's default output.

For each size (synthetic contract graphs, ``viz.sample.synthetic_graph``)
the same graph is written three ways and opened one after another in one
headless Chromium (Debian's, ``/usr/bin/chromium``), network blocked:

- ``ours``          ``viz.page.write_page`` with its default (``auto``) layout
- ``ours-physics``  the same page with in-browser physics, bounded, then off
- ``pyvis``         ``pyvis.network.Network()`` defaults + ``from_nx`` + ``generate_html``;
                    its CDN/Bootstrap/``lib/`` references replaced by the same
                    inlined vis-network so it can load offline

"Settled" is our page's ready mark (first drawing after physics is off, or
after the precomputed layout is drawn); for pyvis it is vis-network's first
``stabilized`` event (pyvis leaves physics running). Times are from
navigation start, in seconds. Not a test: ``python bench/bench_viz.py``.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viz.page import STATIC, write_page  # noqa: E402
from viz.sample import synthetic_graph  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
HOOK = """<script>
window.__t = {};
network.once('stabilizationIterationsDone', function () { window.__t.iter = performance.now(); });
network.once('stabilized', function () { window.__t.settled = performance.now(); });
network.once('afterDrawing', function () { window.__t.first = performance.now(); });
</script>"""


def pyvis_default_page(G, path: Path) -> float:
    """Write pyvis's default page for ``G`` (made offline); return the seconds it took.

    The contract's edge attribute ``source`` must be renamed first: pyvis's
    ``from_nx`` passes edge attributes to ``add_edge(source, to, **attrs)``
    and fails with "got multiple values for argument 'source'".
    """
    import pyvis
    from pyvis.network import Network

    H = G.copy()
    for _, _, d in H.edges(data=True):  # pyvis's add_edge(source, to, ...) clashes with our "source"
        d["source_file"] = d.pop("source", "")
    t0 = time.perf_counter()
    net = Network()
    net.from_nx(H)
    html = net.generate_html()
    elapsed = time.perf_counter() - t0
    js = (STATIC / "vis-network.min.js").read_text(encoding="utf-8")
    css = (STATIC / "vis-network.min.css").read_text(encoding="utf-8")
    utils = (Path(pyvis.__file__).parent / "templates/lib/bindings/utils.js").read_text(encoding="utf-8")
    html = re.sub(r'<script src="lib/bindings/utils.js"></script>', lambda m: f"<script>{utils}</script>", html)
    html = re.sub(r'<link rel="stylesheet" href="https://cdnjs[^>]*>', lambda m: f"<style>{css}</style>", html)
    html = re.sub(r'<script src="https://cdnjs[^>]*vis-network[^>]*></script>', lambda m: f"<script>{js}</script>", html)
    html = re.sub(r"<link\s+href=\"https://cdn.jsdelivr[^>]*>", "", html, flags=re.S)
    html = re.sub(r"<script\s+src=\"https://cdn.jsdelivr[^>]*>\s*</script>", "", html, flags=re.S)
    assert "https://cdn" not in html, "pyvis page still references a CDN"
    html = html.replace("</body>", HOOK + "\n</body>", 1)
    path.write_text(html, encoding="utf-8")
    return elapsed


def measure(browser, path: Path, kind: str, timeout_s: float) -> tuple[float | None, int]:
    """Seconds from navigation start to a settled page (None on timeout); blocked requests."""
    page = browser.new_page(viewport={"width": 1400, "height": 850}, bypass_csp=True)
    blocked: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else (blocked.append(r.request.url), r.abort()))
    page.goto(path.as_uri(), timeout=timeout_s * 1000)
    expr = "window.__ydkgReady" if kind.startswith("ours") else "window.__t && window.__t.settled"
    try:
        page.wait_for_function(expr, timeout=timeout_s * 1000)
        settled = page.evaluate(expr) / 1000.0
    except Exception as exc:  # playwright TimeoutError
        print(f"  {path.name}: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
        settled = None
    page.close()
    return settled, len(blocked)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds per page before giving up")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            G = synthetic_graph(n)
            files = {}
            t0 = time.perf_counter()
            files["ours"] = write_page(G, Path(tmp) / f"ours{n}.html", title=f"bench {n}")
            gen = {"ours": time.perf_counter() - t0}
            t0 = time.perf_counter()
            files["ours-physics"] = write_page(G, Path(tmp) / f"phys{n}.html", title=f"bench {n}", layout="physics")
            gen["ours-physics"] = time.perf_counter() - t0
            files["pyvis"] = Path(tmp) / f"pyvis{n}.html"
            gen["pyvis"] = pyvis_default_page(G, files["pyvis"])
            for kind, path in files.items():
                settled, blocked = measure(browser, path, kind, args.timeout)
                rows.append((n, G.number_of_edges(), kind, gen[kind], path.stat().st_size, settled, blocked))
                print(f"  {n} {kind}: {settled if settled is not None else 'timeout'}", file=sys.stderr, flush=True)
        browser.close()

    print(f"\n{'nodes':>6} {'edges':>6}  {'page':<13} {'python s':>9} {'MB':>5} {'settled s':>10} "
          f"{'pyvis/this':>10} {'blocked':>7}")
    by = {(r[0], r[2]): r for r in rows}
    for n, m, kind, gen_s, size, settled, blocked in rows:
        ref = by[(n, "pyvis")][5]
        shown = f"{settled:.2f}" if settled is not None else f">{args.timeout:.0f}"
        if kind == "pyvis" or settled is None:
            ratio = "1.0" if kind == "pyvis" else "?"
        elif ref is None:
            ratio = f">{args.timeout / settled:.0f}"
        else:
            ratio = f"{ref / settled:.1f}"
        print(f"{n:>6} {m:>6}  {kind:<13} {gen_s:>9.2f} {size / 1e6:>5.1f} {shown:>10} {ratio:>10} {blocked:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
