"""Private uploads: stored outside MEDIA_ROOT, never under a public URL, handed out only by a view
that has checked the permission first.

Public uploads (organisation logos) stay in MEDIA_ROOT under /media/. Private ones (pitch
attachments) live in PRIVATE_MEDIA_ROOT; `private_file_response` answers with the file itself
(Django, the default), or with an `X-Accel-Redirect` (nginx) or `X-Sendfile` (Apache) header so
the web server sends the bytes after Django has said yes. PARTNERUP_PRIVATE_FILES picks one.
"""

from __future__ import annotations

import mimetypes
import os
import secrets
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import Http404, HttpResponse

SERVERS = ("django", "nginx", "apache")


class PrivateFileStorage(FileSystemStorage):
    """File system storage in PRIVATE_MEDIA_ROOT, read at use (tests point it elsewhere)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        # Private files have no public address; the owning app's view serves them.
        raise ValueError("Private files have no URL; link to the view that serves them.")


def private_storage() -> PrivateFileStorage:
    return PrivateFileStorage()


def unguessable_name(folder: str, filename: str) -> str:
    """A stored name that reveals nothing: random, with the original suffix only (names of
    uploaded files often carry a person's or a company's name)."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not (suffix[1:].isalnum() and len(suffix) <= 6):
        suffix = ""
    return f"{folder}/{secrets.token_urlsafe(24)}{suffix}"


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def private_file_response(fieldfile, download_name: str) -> HttpResponse:
    """The response that hands a private file to a user who may have it (check first)."""
    if not fieldfile:
        raise Http404
    storage = fieldfile.storage
    if not storage.exists(fieldfile.name):
        raise Http404
    server = settings.PRIVATE_FILES_SERVER
    disposition = f"attachment; filename*=UTF-8''{quote(download_name)}"
    if server == "django":
        # Uploads are small (MAX_UPLOAD_BYTES), so reading one whole keeps no file open after
        # the response, whoever consumes (or drops) it.
        with storage.open(fieldfile.name, "rb") as handle:
            content = handle.read()
        response = HttpResponse(content, content_type=_content_type(download_name))
        response["Content-Disposition"] = disposition
    else:
        response = HttpResponse(content_type=_content_type(download_name))
        response["Content-Disposition"] = disposition
        if server == "nginx":
            prefix = settings.PRIVATE_FILES_INTERNAL_URL.rstrip("/")
            response["X-Accel-Redirect"] = f"{prefix}/{quote(fieldfile.name)}"
        else:
            response["X-Sendfile"] = storage.path(fieldfile.name)
    # Who may download changes (a declined pitch): no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
