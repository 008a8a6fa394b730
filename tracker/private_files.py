"""Private files (session photos, evidence): one response for every view that serves them.

Who may read a file is decided before this by the view (tracker.access); this only decides how the
bytes leave. PRIVATE_FILES_SERVE:
- "django" (default, `make run`): Django streams the file from the storage;
- "x-accel-redirect" (nginx): an empty response whose X-Accel-Redirect header names the file under
  PRIVATE_FILES_INTERNAL_PREFIX, an `internal` location that aliases MEDIA_ROOT;
- "x-sendfile" (Apache mod_xsendfile, lighttpd): X-Sendfile with the file's absolute path.
There is never a public URL for these files: nothing serves MEDIA_URL.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

MODES = ("django", "x-accel-redirect", "x-sendfile")


def private_file_response(fieldfile, *, content_type: str = "", filename: str = "",
                          as_attachment: bool = False) -> HttpResponse:
    """The response for a stored file the user was already allowed to read; 404 if it is gone."""
    name = fieldfile.name
    if not name or not fieldfile.storage.exists(name):
        raise Http404
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    filename = filename or name.rsplit("/", 1)[-1]
    mode = settings.PRIVATE_FILES_SERVE
    if mode == "django":
        response = FileResponse(fieldfile.storage.open(name, "rb"), as_attachment=as_attachment,
                                filename=filename, content_type=content_type)
    else:
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        if mode == "x-accel-redirect":
            prefix = settings.PRIVATE_FILES_INTERNAL_PREFIX.rstrip("/")
            response["X-Accel-Redirect"] = f"{prefix}/{quote(name)}"
        else:
            response["X-Sendfile"] = fieldfile.storage.path(name)
    # Readable only by this user: no shared cache may keep a copy.
    response["Cache-Control"] = "private, max-age=3600"
    return response
