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


def test_freeze_leaves_nothing_for_the_first_collection_to_walk() -> None:
    """With ``freeze``, what the block made is moved out of the young generation before the collector
    runs again: the first collection after the block finds nothing of it to walk."""
    try:
        with paused_gc(freeze=True):
            made = [[i] for i in range(50_000)]
            assert gc.get_count()[0] >= 50_000  # waiting in the youngest generation
        assert gc.get_count()[0] < 1_000 and gc.get_freeze_count() >= 50_000
        assert made[-1] == [49_999]
    finally:
        gc.unfreeze()
