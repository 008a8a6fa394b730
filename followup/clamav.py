"""An optional virus scan of evidence with ClamAV's daemon (clamd), for sites that run it.

Off unless CLAMAV_URL is set: `unix:///run/clamav/clamd.ctl` or `tcp://host:3310`. The file is
streamed with clamd's INSTREAM command (length-prefixed chunks, a zero length at the end) and
clamd answers `stream: OK` or `stream: <signature> FOUND`. When clamd cannot be reached the
upload is refused (the user can try again later) unless CLAMAV_FAIL_OPEN is set."""

import logging
import socket
import struct
from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


def _connect(url: str, timeout: float) -> socket.socket:
    parsed = urlparse(url)
    if parsed.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(parsed.path)
        return sock
    if parsed.scheme == "tcp":
        return socket.create_connection((parsed.hostname, parsed.port or 3310), timeout=timeout)
    raise ValueError(f"CLAMAV_URL must start with unix:// or tcp://, not {url!r}")


def instream(url: str, upload, *, timeout: float = 30.0) -> str:
    """Send the upload to clamd; return its answer without the `stream: ` prefix."""
    upload.seek(0)
    with _connect(url, timeout) as sock:
        sock.sendall(b"zINSTREAM\0")
        while chunk := upload.read(CHUNK):
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0") and len(answer) < 4096:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    upload.seek(0)
    return answer.rstrip(b"\0").decode("utf-8", "replace").removeprefix("stream: ").strip()


def scan(upload) -> str | None:
    """Why the file is refused (clamd found something, or it could not scan and we fail closed),
    or None. A reason rather than evidence.Refused, so that this module needs nothing of the
    evidence checks that call it."""
    url = settings.CLAMAV_URL
    if not url:
        return None
    try:
        answer = instream(url, upload, timeout=settings.CLAMAV_TIMEOUT_SECONDS)
    except OSError as error:
        logger.error("ClamAV at %s could not scan %s: %s", url, upload.name, error)
        if settings.CLAMAV_FAIL_OPEN:
            return None
        return _("the virus scanner is not available; try again in a few minutes")
    if answer == "OK":
        return None
    if answer.endswith("FOUND"):
        logger.warning("ClamAV refused %s: %s", upload.name, answer)
        return (_("the virus scanner found %(signature)s")
                % {"signature": answer.removesuffix("FOUND").strip()})
    logger.error("ClamAV at %s answered %r for %s", url, answer, upload.name)
    if settings.CLAMAV_FAIL_OPEN:
        return None
    return _("the virus scanner could not check it; try again in a few minutes")
