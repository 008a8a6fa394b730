"""tracker.memory.keep_freed_memory: glibc's malloc told to keep freed blocks (tracker/wsgi.py),
unless the operator tuned it through its environment variables, and nothing on another C
library."""

import ctypes.util
import platform

import pytest

from tracker import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_it_sets_glibcs_thresholds(monkeypatch):
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert memory.keep_freed_memory() is True


@pytest.mark.parametrize("variable", ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"])
def test_the_operators_own_tuning_wins(monkeypatch, variable):
    monkeypatch.setenv(variable, "131072")
    assert memory.keep_freed_memory() is False


def test_nothing_without_mallopt(monkeypatch):
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "libnothing-here.so.0")
    assert memory.keep_freed_memory() is False
