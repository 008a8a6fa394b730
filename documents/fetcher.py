"""The only way WeasyPrint reads anything while rendering a minuta: files under the project's
static folders and MEDIA_ROOT. Every other address (other files, http, ftp, data, …) is refused
and recorded, so user-supplied text can never pull in a file or reach the network."""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """Raised for an address outside the allowed folders; WeasyPrint skips the resource."""


def allowed_roots() -> list[Path]:
    roots = [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    roots += [Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)]
    return [root.resolve() for root in roots if root]


class ProjectFilesFetcher(URLFetcher):
    """`fetched` and `refused` list the URLs asked for, for tests and logs."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols=["file"], allow_redirects=False, fail_on_errors=False)
        self.roots = roots if roots is not None else allowed_roots()
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()  # follows symlinks and "..": no escaping
        if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
            return path
        return None

    def fetch(self, url, headers=None):
        path = self.resolve(url)
        if path is None:
            self.refused.append(url)
            logger.warning("Minuta rendering refused to fetch %s", url[:200])
            raise RefusedURL(f"refused: {url[:200]}")
        self.fetched.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )
