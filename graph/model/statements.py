"""The data every pipeline stage passes on: reports, mentions, entities, statements.

The flow is one direction::

    sources --read--> SourceText --parse--> Report --extract--> Claim (mentions)
            --resolve--> Statement (entity ids) --> RDF / NetworkX / facts / coverage

All records are frozen dataclasses so they can be hashed, sorted and shared
between stages without defensive copies.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Generic, Literal, TypeVar

Status = Literal["done", "planned"]
Precision = Literal["day", "month", "year", "half", "quarter", "unknown"]


@dataclass(frozen=True, order=True)
class When:
    """A date at the precision the text gives.

    ``start`` and ``end`` are ISO strings at their own precision: ``"2019"``,
    ``"2019-05"`` or ``"2019-05-24"``. ``end`` is set for ranges only.
    ``precision`` is that of ``start`` (``"half"`` for 상반기/하반기 and
    ``"quarter"`` for 1분기 …, whose start and end are months). ``text`` is the
    expression as written.
    """

    start: str | None
    end: str | None = None
    precision: Precision = "unknown"
    text: str = ""

    @property
    def year(self) -> int | None:
        """The year of the start, if known."""
        return int(self.start[:4]) if self.start else None

    def overlaps(self, lo: str, hi: str) -> bool:
        """True if this date (or range) touches the ISO interval [lo, hi]."""
        if not self.start:
            return False
        start = self.start
        end = self.end or self.start
        return start[: len(hi)] <= hi and _pad_end(end) >= lo

    def holds_on(self, day: str) -> bool:
        """True if the statement had started on ``day`` (an ISO date)."""
        return bool(self.start) and self.start[: len(day)] <= day


def _pad_end(iso: str) -> str:
    """The last day an ISO prefix covers, as a comparable string."""
    if len(iso) == 4:
        return iso + "-12-31"
    if len(iso) == 7:
        return iso + "-31"
    return iso


@dataclass(frozen=True, order=True)
class Citation:
    """Where a statement came from: file name, 1-based line, and the quoted text."""

    source: str
    line: int
    quote: str


@dataclass(frozen=True, order=True)
class Mention:
    """A name as the text wrote it, with the class the rules gave it.

    ``context`` holds hints the resolver may use (e.g. the country or
    province written before a city: ``(("country", "중국"),)``).
    """

    text: str
    type: str
    context: tuple[tuple[str, str], ...] = ()

    def hint(self, key: str) -> str | None:
        """The context value for ``key``, if any."""
        return dict(self.context).get(key)


@dataclass(frozen=True, order=True)
class Entity:
    """A canonical node: gazetteer entry or a typed mention the gazetteer lacks."""

    id: str
    label: str
    type: str
    label_en: str | None = None
    aliases: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    in_gazetteer: bool = True

    def attribute(self, key: str) -> str | None:
        """The attribute value for ``key``, if any."""
        return dict(self.attributes).get(key)


@dataclass(frozen=True, order=True)
class Merge:
    """Two names resolved to one node the gazetteer lacks: the node, the name merged into it, the rule
    (``spacing``, ``spelling``, ``district prefix``) and the line that wrote the merged name."""

    entity: str
    label: str
    merged: str
    rule: str
    source: str
    line: int


@dataclass(frozen=True)
class Judgement:
    """One reviewer's judgement, one ``[[judgement]]`` entry of a file under ``data/review/``.

    ``id`` is the entry's own ``id`` or a hash of what it says (not of who, when or why);
    ``file`` the file's name and ``entry`` its 1-based position there; ``fields`` the keys
    of its kind (see :mod:`graph.model.judgements`) as sorted pairs.
    """

    id: str
    file: str
    entry: int
    kind: str
    who: str
    when: str
    why: str
    fields: tuple[tuple[str, object], ...] = ()

    def get(self, key: str, default: object = None) -> object:
        """The value of field ``key``, if given."""
        return dict(self.fields).get(key, default)

    @property
    def where(self) -> str:
        """``x.toml: judgement 3 (reject)``: how messages name it."""
        return f"{self.file}: judgement {self.entry} ({self.kind})"


@dataclass(frozen=True, order=True)
class Outcome:
    """What a build made of a judgement: ``applied`` or ``stale`` (its target is gone), with the
    target, a detail and, if stale, the nearest candidates."""

    judgement: str
    file: str
    entry: int
    kind: str
    target: str
    status: str
    detail: str = ""
    candidates: tuple[str, ...] = ()


#: What a statement's ends are: mentions as extracted, entity ids once resolved.
Node = TypeVar("Node", "Mention", str)


@dataclass(frozen=True, order=True)
class Statement(Generic[Node]):
    """A dated, cited statement between two nodes: one row of the facts table.

    As extracted, its ends are :class:`Mention` s (a :data:`Claim`); resolution replaces them with
    entity ids (:meth:`graph.model.resolve.Resolver.statement`), every other field unchanged.
    ``object`` is ``None`` for statements that carry only an amount.
    """

    subject: Node
    relation: str
    object: Node | None
    citation: Citation
    status: Status = "done"
    when: When | None = None
    amount_krw: int | None = None
    role: str | None = None
    basis: str | None = None
    fiscal_year: int | None = None
    note: str | None = None
    #: The ids of the reviewer's judgements that changed or added it (:mod:`graph.model.review`).
    review: tuple[str, ...] = field(default=(), compare=False)
    #: The id it had as the rules made it, kept when a judgement changes its content.
    origin: str | None = field(default=None, compare=False)

    @cached_property  # the RDF mapping and the build ask for it several times
    def id(self) -> str:
        """A stable identifier derived from the statement's content and citation (as the rules made
        it: a statement a reviewer corrected keeps its :attr:`origin`)."""
        if self.origin:
            return self.origin
        c, w = self.citation, self.when
        start, end = (w.start, w.end) if w else (None, None)
        key = (f"{c.source}\x1f{c.line}\x1f{self.subject}\x1f{self.relation}\x1f{self.object}\x1f{start}\x1f"
               f"{end}\x1f{self.status}\x1f{self.amount_krw}\x1f{self.role}\x1f{self.basis}\x1f{self.fiscal_year}")
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


#: A statement as extracted: its ends are mentions whose names are not yet resolved.
Claim = Statement


@dataclass(frozen=True)
class ReportMeta:
    """What is known about one source report, from its manifest row or its text."""

    file: str
    year: int
    plan_year: int | None = None
    division: str | None = None
    district: str | None = None
    kind: str = "work_report"
    title: str | None = None
    council_session: str | None = None
    as_of: str | None = None
    sha256: str = ""
    n_lines: int = 0

    @property
    def id(self) -> str:
        """The report's stable id: its file name without the extension."""
        return self.file.rsplit(".", 1)[0]

    def year_of(self, st: "Statement") -> int:
        """The year a statement of this report counts in (``ydk:year``).

        Its date's year, else its fiscal year, else, if planned, the year the
        report plans for, else the report's year.
        """
        if st.when is not None and st.when.start:
            return int(st.when.start[:4])
        if st.fiscal_year is not None:
            return st.fiscal_year
        if st.status == "planned" and self.plan_year:
            return self.plan_year
        return self.year


LineStatus = Literal["used", "structure", "unparsed"]


@dataclass(frozen=True, order=True)
class LineCoverage:
    """How one non-blank source line was accounted for.

    ``page`` is the line's PDF page (None for other formats). A running header, footer or
    page number that a reader left out of the text is a ``structure`` row with ``line`` 0.
    """

    source: str
    line: int
    status: LineStatus
    reason: str
    text: str
    page: int | None = None
    date_error: str = ""  # dates the line writes that the calendar refuses: ``2019. 2. 30. (no day 30 in 2019-02)``


@dataclass(frozen=True)
class SourceLayout:
    """Where the lines of a PDF, HWPX or HWP report stand in its file (text reports have none).

    ``units`` counts its pages (PDF) or sections (HWPX, HWP); ``pages`` and ``locators`` run
    parallel to the lines ydkg read (see :class:`graph.read.sources.SourceText`).
    """

    format: str
    units: int
    pages: tuple[int, ...] | None = None
    locators: tuple[str, ...] | None = None
    dropped: int = 0

    def page(self, line: int) -> int | None:
        """The PDF page of 1-based ``line``, if known."""
        return self.pages[line - 1] if self.pages is not None and 0 < line <= len(self.pages) else None

    def locator(self, line: int) -> str | None:
        """The HWPX/HWP locator of 1-based ``line`` (``section 1 table 2 row 3``), if known."""
        return self.locators[line - 1] if self.locators is not None and 0 < line <= len(self.locators) else None


@dataclass
class KnowledgeBase:
    """Everything one build produces, before it is written out."""

    reports: list[ReportMeta] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    coverage: list[LineCoverage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layouts: dict[str, SourceLayout] = field(default_factory=dict)  # file name -> layout (PDF, HWPX, HWP only)
    merges: list[Merge] = field(default_factory=list)  # names merged into one node (merges.csv)
    judgements: list["Judgement"] = field(default_factory=list)  # the reviewer's judgements read
    outcomes: list["Outcome"] = field(default_factory=list)  # what became of each (review.csv)
    rejected: list[Statement] = field(default_factory=list)  # statements a judgement rejected
    entity_review: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entity id -> judgement ids

    @property
    def unresolved(self) -> list[Entity]:
        """Entities the rules found that the gazetteer lacks (for review)."""
        return sorted(e for e in self.entities.values() if not e.in_gazetteer)
