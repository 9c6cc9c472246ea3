"""Storage for uploads that must never be reachable at a public address.

Files here live under ``PRIVATE_MEDIA_ROOT`` (outside ``MEDIA_ROOT``, so the web server never
serves them) and reach visitors only through views that check who may see them, for example a
member's story photo, which disappears the moment the teller withdraws consent.
"""

import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


class PrivateMediaStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        """Private files have no public address (they are served through views), so there is
        nothing to link to, for example in the admin's "Currently:" line."""
        return ""


def private_storage():
    return storages["private"]


def storage_backends(*, static_manifest: bool) -> dict:
    """The ``STORAGES`` setting: public uploads, private uploads and static files. The settings
    module calls this with the environment's choices, and the tests call it too, so a new
    backend (for example uploads kept in S3) is configured here once.

    ``static_manifest`` serves static files under hashed, compressed names (whitenoise), which
    needs ``collectstatic`` first; without it they are served as they are (debug, tests).
    """
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "oig_site.core.storage.PrivateMediaStorage"},
        "staticfiles": {
            "BACKEND": (
                "whitenoise.storage.CompressedManifestStaticFilesStorage"
                if static_manifest
                else "django.contrib.staticfiles.storage.StaticFilesStorage"
            )
        },
    }


SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


def random_file_name(folder: str, filename: str) -> str:
    """A new, random file name that keeps only the extension (lower case, letters and digits
    only): uploaded file names often carry people's names (``Jane Smith at the meeting.jpg``),
    and a file under a guessable name (``IMG_1234.jpg``) could be found by trying names, even
    while the page it belongs to is a draft."""
    suffix = Path(filename).suffix.lower()
    if not SAFE_EXTENSION.fullmatch(suffix):
        suffix = ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


@deconstructible
class RandomName:
    """``upload_to`` for every file field: ``upload_to=RandomName("groups")`` stores each upload
    as ``groups/<32 random hex characters>.<extension>``, whatever it was called."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return random_file_name(self.folder, filename)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)
