"""``python -m graph.cli``: the same as the ``ydkg`` script."""
import sys

from . import main

sys.exit(main())
