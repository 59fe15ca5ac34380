"""Loading the declarative rules tables in ``data/rules/*.toml``."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import GazetteerError
from .resources import RULES_DIR


@lru_cache(maxsize=16)
def load(name: str, folder: Path = RULES_DIR) -> dict[str, Any]:
    """Parse ``data/rules/{name}.toml`` once; raise a one-line error if malformed."""
    path = folder / f"{name}.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise GazetteerError(f"{path}: rules table missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"{path}: {exc}") from None
