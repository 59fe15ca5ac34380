"""Focus views: resolve a name to a node, and cut out its neighbourhood of radius N.

Name resolution goes through a :class:`NameIndex`: every node's names in
their comparison forms, searched at C speed (one joined text per form), so a
lookup costs no pass over the graph. It is built from a graph's nodes, or
loaded ready-made (``graph.query.brief`` stores one next to ``kb.pickle``).
"""
from __future__ import annotations

import difflib
import json
import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from graph.errors import NotFoundError
from graph.read.textnorm import key as norm_key

from .overview import induced

if TYPE_CHECKING:
    import networkx as nx

_SPACE = re.compile(r"\s+")
#: Separates the strings of a :class:`TextSearch`; no comparison form contains it.
_SEP = "\n"


def normalise(text: str) -> str:
    """Comparison form of a name: no whitespace, case-folded (Korean is unaffected)."""
    return _SPACE.sub("", text).casefold()


def _names(d: Mapping[str, Any], n: str) -> list[str]:
    """What a node may be called here: its id, label, English label and aliases."""
    return [n, str(d.get("label") or ""), str(d.get("label_en") or ""),
            *[str(a) for a in d.get("aliases") or []]]


def brief_names(d: Mapping[str, Any]) -> list[str]:
    """A node's label, English label and aliases (the names briefings match, without the id)."""
    return [str(x) for x in (d.get("label"), d.get("label_en"), *(d.get("aliases") or [])) if x]


class TextSearch:
    """Many short strings, each owned by an integer, searched as one text.

    The strings (which must not contain ``"\\n"``) are joined with ``"\\n"`` so
    that ``str.find`` does the scanning; ``starts`` maps a hit back to its string.
    """

    def __init__(self, text: str, starts: array, owners: array) -> None:
        self.text = text
        self.starts = starts
        self.owners = owners

    @classmethod
    def of(cls, items: Iterable[tuple[int, str]]) -> TextSearch:
        """Index ``(owner, string)`` pairs, in their order."""
        starts, owners, parts = array("q"), array("i"), []
        pos = 1
        for owner, s in items:
            starts.append(pos)
            owners.append(owner)
            parts.append(s)
            pos += len(s) + 1
        return cls(_SEP + _SEP.join(parts) + _SEP, starts, owners)

    def containing(self, key: str) -> list[int]:
        """The owners of the strings containing ``key``, in string order (an owner may repeat)."""
        if not key:
            return list(self.owners)
        out: list[int] = []
        text, starts, find = self.text, self.starts, self.text.find
        i = find(key)
        while i >= 0:
            j = bisect_right(starts, i) - 1
            out.append(self.owners[j])
            i = find(key, starts[j + 1] if j + 1 < len(starts) else len(text))
        return out

    def equal(self, key: str) -> list[int]:
        """The owners of the strings equal to ``key``, in string order."""
        out: list[int] = []
        if not self.starts:
            return out
        needle = _SEP + key + _SEP
        find = self.text.find
        i = find(needle)
        while i >= 0:
            out.append(self.owners[bisect_right(self.starts, i + 1) - 1])
            i = find(needle, i + len(needle) - 1)
        return out

    def dump(self) -> dict[str, str | bytes]:
        """The search as plain values (arrays little-endian), for :meth:`load`."""
        return {"text": self.text, "starts": le_bytes(self.starts), "owners": le_bytes(self.owners)}

    @classmethod
    def load(cls, state: Mapping[str, str | bytes]) -> TextSearch:
        """The search :meth:`dump` gave."""
        return cls(str(state["text"]), from_le("q", state["starts"]), from_le("i", state["owners"]))


def le_bytes(a: array) -> bytes:
    """An array's bytes in little-endian order (see :func:`from_le`)."""
    if sys.byteorder == "big":
        a = array(a.typecode, a)
        a.byteswap()
    return a.tobytes()


def from_le(typecode: str, raw: bytes) -> array:
    """The array of ``typecode`` whose little-endian bytes are ``raw``."""
    a = array(typecode)
    a.frombytes(raw)
    if sys.byteorder == "big":
        a.byteswap()
    return a


class NameIndex:
    """Every node's names in the forms used to resolve them.

    - ``forms``: :func:`normalise` of id, label, English label and aliases;
    - ``keys``: ``graph.read.textnorm.key`` of label, English label and aliases, nodes in sorted order;
    - ``label_keys``: ``graph.read.textnorm.key`` of each label, nodes in graph order.

    Owners are positions in ``ids`` (graph order); ``labels`` holds each
    node's display label (its id when it has none) and ``types`` its class.
    """

    def __init__(self, nodes: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        nodes = list(nodes)
        self.ids = [n for n, _ in nodes]
        self.labels = [str(d.get("label") or n) for n, d in nodes]
        self.types = [d.get("type") for _, d in nodes]
        self.position = {n: i for i, n in enumerate(self.ids)}
        self.forms = TextSearch.of((i, normalise(x)) for i, (n, d) in enumerate(nodes) for x in _names(d, n) if x)
        by_id = sorted(range(len(nodes)), key=self.ids.__getitem__)
        self.keys = TextSearch.of((i, norm_key(x)) for i in by_id for x in brief_names(nodes[i][1]))
        self.label_keys = TextSearch.of((i, norm_key(str(d.get("label")))) for i, (_, d) in enumerate(nodes))

    @classmethod
    def of_graph(cls, G: nx.MultiDiGraph) -> NameIndex:
        """The index of ``G``'s nodes."""
        return cls(G.nodes(data=True))

    #: The :class:`TextSearch` attributes.
    SEARCHES = ("forms", "keys", "label_keys")

    def dump(self) -> dict[str, str | bytes]:
        """The index as flat, deterministic values (JSON text, strings, bytes), for :meth:`load`."""
        out: dict[str, str | bytes] = {k: json.dumps(getattr(self, k), ensure_ascii=False)
                                       for k in ("ids", "labels", "types")}
        for name in self.SEARCHES:
            out |= {f"{name}.{k}": v for k, v in getattr(self, name).dump().items()}
        return out

    @classmethod
    def load(cls, state: Mapping[str, str | bytes]) -> NameIndex:
        """The index :meth:`dump` gave."""
        self = cls.__new__(cls)
        for k in ("ids", "labels", "types"):
            setattr(self, k, json.loads(state[k]))
        for name in cls.SEARCHES:
            setattr(self, name, TextSearch.load({k: state[f"{name}.{k}"] for k in ("text", "starts", "owners")}))
        self.position = {n: i for i, n in enumerate(self.ids)}
        return self

    def __contains__(self, node: object) -> bool:
        return node in self.position

    def nodes_of(self, owners: Iterable[int]) -> list[str]:
        """The distinct node ids of ``owners``, sorted."""
        return sorted({self.ids[i] for i in owners})

    @cached_property
    def by_label(self) -> dict[str, str]:
        """Display label → node (the last node in graph order for a shared label)."""
        return dict(zip(self.labels, self.ids))

    @cached_property
    def by_norm_label(self) -> dict[str, str]:
        """:func:`normalise` of each display label → that label."""
        return {normalise(lbl): lbl for lbl in self.by_label}

    @cached_property
    def by_key(self) -> dict[str, str]:
        """Each ``keys`` string → the label of its first node (sorted order)."""
        out: dict[str, str] = {}
        text = self.keys.text
        for j, (start, owner) in enumerate(zip(self.keys.starts, self.keys.owners)):
            end = self.keys.starts[j + 1] - 1 if j + 1 < len(self.keys.starts) else len(text) - 1
            out.setdefault(text[start:end], self.labels[owner])
        return out


def resolve_name(G: nx.MultiDiGraph | None, name: str, names: NameIndex | None = None) -> str:
    """The node whose id, label or alias is ``name`` (ignoring spaces and case).

    A unique partial match is accepted; otherwise :class:`NotFoundError`
    lists the closest labels. ``names`` is ``G``'s :class:`NameIndex` if at
    hand (then ``G`` is not read and may be None).
    """
    if names is None:
        if name in G:
            return name
        names = NameIndex.of_graph(G)
    elif name in names:
        return name
    key = normalise(name)
    exact = names.nodes_of(names.forms.equal(key))
    if len(exact) == 1:
        return exact[0]
    partial = exact or (names.nodes_of(names.forms.containing(key)) if key else [])
    if len(partial) == 1:
        return partial[0]
    labels = names.by_label
    if partial:
        candidates = sorted(names.labels[names.position[n]] for n in partial)[:8]
        raise NotFoundError(name, [f"{c} ({labels.get(c, '')})" for c in candidates])
    by_norm = names.by_norm_label
    close = difflib.get_close_matches(key, list(by_norm), n=5, cutoff=0.3)
    raise NotFoundError(name, [by_norm[c] for c in close])


def neighbourhood(G: nx.MultiDiGraph, center: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph of nodes within ``radius`` hops of ``center``, edges in either direction.

    A BFS over ``G.to_undirected(as_view=True)``: no copy of the whole graph
    (``ego_graph(undirected=True)`` copies it).
    """
    if radius < 0:
        raise ValueError("radius must be >= 0")
    view = G.to_undirected(as_view=True)
    seen = {center}
    frontier = [center]
    for _ in range(radius):
        nxt = []
        for n in frontier:
            for m in view.neighbors(n):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
    return induced(G, seen)
