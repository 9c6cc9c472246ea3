"""Storage for uploads that must never be reachable at a public address.

Files here live under ``PRIVATE_MEDIA_ROOT`` (outside ``MEDIA_ROOT``, so the web server never
serves them) and reach visitors only through views that check who may see them, for example a
member's story photo, which disappears the moment the teller withdraws consent.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


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


def random_file_name(folder: str, filename: str) -> str:
    """A new, random file name that keeps only the extension: uploaded file names often carry
    people's names."""
    return f"{folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
