"""``python -m graph.cli``: the same as the ``ydkg`` script."""
from . import entry

entry()
