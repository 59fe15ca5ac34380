"""SHACL validation of the dataset (``ontology/shapes.ttl``) with pyshacl.

The union of all named graphs is validated together with the ontology, so
the shapes can follow ``rdfs:subClassOf`` and read the class and relation
markers from the vocabulary.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from ..resources import ONTOLOGY_FILE, SHAPES_FILE

SH = "http://www.w3.org/ns/shacl#"
_SHORT = {
    "https://w3id.org/ydkg/id/": "id:",
    "https://w3id.org/ydkg/statement/": "statement:",
    "https://w3id.org/ydkg/report/": "report:",
    "https://w3id.org/ydkg/ontology#": "ydk:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://purl.org/dc/terms/": "dcterms:",
    "https://schema.org/": "schema:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/ns/shacl#": "sh:",
}
_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, in words."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"- {self.focus}  {self.path}: {self.message}{value}"


def short(term: Any) -> str:
    """A term with the project's prefixes, for reading."""
    text = str(term)
    for ns, prefix in _SHORT.items():
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def dataset_file(path: Path) -> Path:
    """The dataset file for ``path``: the file itself, or ``dataset.trig`` in a folder."""
    path = Path(path)
    if path.is_dir():
        path = path / "dataset.trig"
    if not path.is_file():
        raise ValidationError(f"{path}: no dataset here (run `ydkg build` first)")
    return path


def union_graph(data: Any):
    """An rdflib ``Graph`` holding every triple of ``data`` (Dataset, Graph, KB or file)."""
    from rdflib import Dataset, Graph

    from ..model.statements import KnowledgeBase

    if isinstance(data, KnowledgeBase):
        from .rdf import kb_to_dataset

        data = kb_to_dataset(data)
    if isinstance(data, (str, Path)):
        path = dataset_file(Path(data))
        ds = Dataset()
        ds.parse(str(path), format=_FORMATS.get(path.suffix, "trig"))
        data = ds
    g = Graph()
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            g.add((s, p, o))
    elif isinstance(data, Graph):
        g += data
    else:
        raise TypeError(f"cannot validate {type(data).__name__}")
    return g


def violations(results) -> list[Violation]:
    """The validation results of a pyshacl results graph, sorted."""
    from rdflib import RDF, URIRef

    out: list[Violation] = []
    for r in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        def val(name: str) -> str:
            v = results.value(r, URIRef(SH + name))
            return "" if v is None else short(v)

        path = val("resultPath") or "(node)"
        message = val("resultMessage") or val("sourceConstraintComponent")
        out.append(Violation(val("focusNode"), path, message, val("value"),
                             val("resultSeverity").replace("sh:", "")))
    return sorted(set(out))


def validate(data: Any, shapes: Path = SHAPES_FILE) -> tuple[bool, str]:
    """Validate a dataset (rdflib Dataset/Graph, KB, or file/folder); return (conforms, report text)."""
    from pyshacl import validate as shacl
    from rdflib import Graph

    g = union_graph(data)
    shapes_graph = Graph().parse(str(shapes), format="turtle")
    ontology = Graph().parse(str(ONTOLOGY_FILE), format="turtle")
    # the standard way: the ontology as the processor's extra graph (`pyshacl -s shapes.ttl -e ydkg.ttl`)
    conforms, results, _text = shacl(g, shacl_graph=shapes_graph, ont_graph=ontology, inference="none",
                                     allow_warnings=True, advanced=False)
    found = violations(results)
    if conforms:
        return True, f"conforms: {len(g)} triples checked against {Path(shapes).name}\n"
    lines = [f"does not conform: {len(found)} problem{'s' if len(found) != 1 else ''}"]
    lines += [str(v) for v in found]
    return False, "\n".join(lines) + "\n"
