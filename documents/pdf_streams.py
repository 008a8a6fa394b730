"""Compress each PDF stream once per write instead of twice.

pydyf (WeasyPrint's PDF writer) builds a stream's bytes — and Flate-compresses them at level 9 —
every time `Stream.data` is read. With a file identifier, which PDF/A requires, `pydyf.PDF.write`
reads every object's data twice (once to write it, once to hash the whole file for `/ID`), so each
page's content stream and each font is compressed twice: about a quarter of the time it takes to
write a large minuta. `install()` replaces `pydyf.Stream.data` with the same code that remembers
the compressed bytes of the last raw content it compressed; the output is byte for byte what pydyf
writes (tests/test_minuta_pdf_speed.py compares the two). It is installed only for the pinned
pydyf version, whose `Stream.data` this mirrors.
"""

import zlib

import pydyf

PYDYF_VERSION = "0.13.0"
_CACHE_ATTRIBUTE = "_acuerdos_flate"


def stream_data(self) -> bytes:
    """pydyf 0.13.0's `Stream.data`, with the compressed bytes kept for identical raw content."""
    stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
    extra = pydyf.Dictionary(self.extra.copy())
    if self.compress:
        extra["Filter"] = "/FlateDecode"
        cached = getattr(self, _CACHE_ATTRIBUTE, None)
        if cached is not None and cached[0] == stream:
            stream = cached[1]
        else:
            compressobj = zlib.compressobj(level=9)
            compressed = compressobj.compress(stream) + compressobj.flush()
            setattr(self, _CACHE_ATTRIBUTE, (stream, compressed))
            stream = compressed
    extra["Length"] = len(stream)
    return b"\n".join((extra.data, b"stream", stream, b"endstream"))


UPSTREAM_DATA = pydyf.Stream.data


def install() -> bool:
    """Use `stream_data` for every pydyf stream; False (and nothing changed) on another pydyf."""
    if pydyf.__version__ != PYDYF_VERSION:
        return False
    pydyf.Stream.data = property(stream_data)
    return True
