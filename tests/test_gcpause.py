"""The build pauses the cyclic garbage collector and always restores it."""
from __future__ import annotations

import gc

import pytest

from graph.gcpause import paused_gc


def test_paused_inside_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with paused_gc():
            assert not gc.isenabled()
            with paused_gc():  # nested: the inner block must not re-enable it
                pass
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_disabled_if_it_was_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
