"""Where the project's declarative files live (ontology, gazetteer, rules, sources)."""
from __future__ import annotations

from pathlib import Path

#: The repository root: ``graph/`` sits directly under it.
ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ydkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
RULES_DIR = DATA_DIR / "rules"
REVIEW_DIR = DATA_DIR / "review"
QUERIES_DIR = Path(__file__).resolve().parent / "query" / "queries"
#: The named graph the ontology is loaded into in a store, so queries can read relation keys and labels.
ONTOLOGY_GRAPH = "https://w3id.org/ydkg/ontology"
