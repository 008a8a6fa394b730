"""Speed-ups of pydyf, WeasyPrint's PDF writer, that leave what the PDF says unchanged
(tests/test_minuta_pdf_speed.py compares them with pydyf's own code).

1. Each stream is compressed once per write, at zlib's default level. pydyf builds a stream's bytes
   and Flate-compresses them at level 9 every time `Stream.data` is read; with a file identifier,
   which PDF/A requires, `pydyf.PDF.write` reads every object twice (to write it and to hash the
   file for `/ID`), so each page's content stream and each font was compressed twice — about a
   quarter of the time it took to write a large minuta. `stream_data` is pydyf's code, keeping
   the compressed bytes of the last raw content, at level 6: five times faster than level 9 on the
   minuta's page streams, for streams 4 % larger (854 → 886 KiB in the 10× benchmark session).
2. `PDF.page_references` rebuilds the tuple of all page references each time it is read, and
   WeasyPrint's tagging reads it once per structure element (thousands of times for a long
   minuta): `page_references` keeps the tuple until a page is added.

`install()` applies them only to the pinned pydyf version, whose code this mirrors.
"""

import zlib

import pydyf

PYDYF_VERSION = "0.13.0"
COMPRESSION_LEVEL = 6  # pydyf uses 9
_CACHE_ATTRIBUTE = "_acuerdos_flate"


def stream_data(self) -> bytes:
    """pydyf 0.13.0's `Stream.data`; the compressed bytes are kept for identical raw content."""
    stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
    extra = pydyf.Dictionary(self.extra.copy())
    if self.compress:
        extra["Filter"] = "/FlateDecode"
        cached = getattr(self, _CACHE_ATTRIBUTE, None)
        if cached is not None and cached[0] == stream:
            stream = cached[1]
        else:
            compressobj = zlib.compressobj(level=COMPRESSION_LEVEL)
            compressed = compressobj.compress(stream) + compressobj.flush()
            setattr(self, _CACHE_ATTRIBUTE, (stream, compressed))
            stream = compressed
    extra["Length"] = len(stream)
    return b"\n".join((extra.data, b"stream", stream, b"endstream"))


def page_references(self) -> tuple:
    """pydyf 0.13.0's `PDF.page_references`, rebuilt only when the list of pages has grown."""
    kids = self.pages["Kids"]
    cached = self.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is None or cached[0] is not kids or cached[1] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = (kids, len(kids), references)
        self.__dict__[_CACHE_ATTRIBUTE] = cached
    return cached[2]


UPSTREAM = {"Stream.data": pydyf.Stream.data, "PDF.page_references": pydyf.PDF.page_references}


def install() -> bool:
    """Patch pydyf (idempotent); False, and nothing changed, on another pydyf version."""
    if pydyf.__version__ != PYDYF_VERSION:
        return False
    pydyf.Stream.data = property(stream_data)
    pydyf.PDF.page_references = property(page_references)
    return True
