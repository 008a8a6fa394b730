"""The web process's memory allocator settings (tracker/wsgi.py applies them at start-up)."""

import ctypes
import ctypes.util
import os


def keep_freed_memory() -> bool:
    """glibc's malloc, told to keep what a request frees for the next one. A page is built as
    strings of hundreds of kilobytes (the group page's rows, each template level's join, the
    encoded body): by default glibc maps such blocks afresh, or trims the heap they came from
    after each request, and every page of them then faults in again on the next request (~700
    faults, ~1.5 ms of each group page request; bench/baseline.py --kind page). Blocks under
    4 MiB come from the heap, which keeps up to 8 MiB free at its top. Not on another C library
    (musl, macOS: nothing done), nor when MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ are set
    (the operator's own tuning)."""
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's malloc.h
    return bool(mallopt(m_mmap_threshold, 4 << 20)) and bool(mallopt(m_trim_threshold, 8 << 20))

