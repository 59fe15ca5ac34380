"""User-facing errors.

Every error a user can cause (a bad file, an unknown name, a refused
connection) is a :class:`YdkgError`; the CLI prints it as one line and exits
2, or 1 for an empty answer to a lookup (:class:`NothingFound`). Anything
else is a bug and keeps its traceback.
"""
from __future__ import annotations


class YdkgError(Exception):
    """Base class of every error the CLI reports as one line."""

    exit_code = 2


class SourceError(YdkgError):
    """A source report cannot be read: missing, empty, binary or undecodable."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ManifestError(SourceError):
    """A manifest.csv beside the sources is malformed."""


class GazetteerError(YdkgError):
    """The gazetteer or a rules table is malformed."""


class OntologyError(YdkgError):
    """The ontology lacks a class or relation the code asked for."""


class NothingFound(YdkgError):
    """A lookup found nothing: an unknown name, no path, a query without rows (exit status 1)."""

    exit_code = 1


class NotFoundError(NothingFound):
    """A name given on the command line matches no entity."""

    def __init__(self, name: str, candidates: list[str] | None = None) -> None:
        self.name = name
        self.candidates = list(candidates or [])
        hint = f"; closest: {', '.join(self.candidates)}" if self.candidates else ""
        super().__init__(f"no entity named {name!r}{hint}")


class QueryError(YdkgError):
    """A SPARQL query or its bindings are invalid."""


class ValidationError(YdkgError):
    """The graph does not conform to the SHACL shapes."""


class EndpointError(YdkgError):
    """A SPARQL endpoint or graph store refused, failed or timed out."""


class OutputError(YdkgError):
    """An output folder cannot be written, or another build is writing into it."""


class ReviewError(YdkgError):
    """A judgement file (``data/review/*.toml``, ``--review``) is malformed or contradicts the build."""
