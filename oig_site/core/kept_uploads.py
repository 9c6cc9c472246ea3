"""Files chosen in a form that came back with a mistake are kept, so nobody has to choose them
again (browsers never fill a file box in by themselves).

When a form with a file is sent and something in it (or in another part of the same page) needs
correcting, each file that was accepted is stored for a while (``keep_upload``) and the page
carries a signed note of where (a token, in a hidden field). Sending the corrected form again
without choosing a file uses the kept one (``kept_upload_open``). The files are kept in the
private storage, which has no public address, whichever server answers: with several servers
that is the shared private bucket, so the next request may go to any of them. Kept files are
removed once used, and those never used by ``manage.py remove_orphan_uploads`` (run daily) once
the token has expired (``KEPT_UPLOAD_MAX_AGE``).
"""

import io
import uuid
from base64 import b64encode
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from oig_site.core.storage import SAFE_EXTENSION, private_storage

#: The folder, in the private storage, of files kept between a form's attempts.
KEPT_FOLDER = "kept-uploads"
#: How long a kept file can be used (the form can be sent again within this time).
KEPT_UPLOAD_MAX_AGE = timedelta(days=1)
_SALT = "oig_site.kept-upload"
_PREVIEW_SIZE = (160, 160)


class KeptUploadLost(Exception):
    """The token does not lead to a kept file: changed, too old, someone else's, or removed."""


@dataclass(frozen=True)
class KeptUpload:
    token: str
    #: The name the file had on the computer it was chosen on (shown, never stored).
    original_name: str
    #: A small copy of a picture as a ``data:`` address, or "" (for other files).
    preview: str = ""


def _storage_name(original_name: str) -> str:
    suffix = Path(original_name).suffix.lower()
    if not SAFE_EXTENSION.fullmatch(suffix):
        suffix = ""
    return f"{KEPT_FOLDER}/{uuid.uuid4().hex}{suffix}"


def _preview(content: bytes) -> str:
    """A small JPEG of the picture, as a ``data:`` address (the admin allows those), or ""."""
    try:
        image = Image.open(io.BytesIO(content))
        image.thumbnail(_PREVIEW_SIZE)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=70)
    except Exception:  # not a picture (a PDF), or one Pillow cannot draw small
        return ""
    return "data:image/jpeg;base64," + b64encode(out.getvalue()).decode()


def _read(upload) -> bytes:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return content


def keep_upload(*, upload, user_id) -> KeptUpload:
    """Store the chosen file ``upload`` for a while, and return the token that finds it again
    (only for the same user, and only for ``KEPT_UPLOAD_MAX_AGE``)."""
    content = _read(upload)
    name = private_storage().save(
        _storage_name(upload.name), SimpleUploadedFile(upload.name, content)
    )
    token = signing.dumps(
        {"name": name, "original": upload.name, "type": upload.content_type, "user": user_id},
        salt=_SALT,
        compress=True,
    )
    return KeptUpload(token=token, original_name=upload.name, preview=_preview(content))


def _payload(token: str, user_id) -> dict:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=KEPT_UPLOAD_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as error:  # changed, or too old
        raise KeptUploadLost from error
    if not isinstance(payload, dict) or payload.get("user") != user_id:
        raise KeptUploadLost
    name = payload.get("name")
    if not isinstance(name, str) or not name.startswith(f"{KEPT_FOLDER}/") or ".." in name:
        raise KeptUploadLost
    return payload


def kept_upload_open(*, token: str, user_id) -> tuple[SimpleUploadedFile, KeptUpload, str]:
    """The kept file the token leads to, as a new upload (checked again like any other); what
    to show about it; and its name in the storage (to remove once it is saved for good).
    Raises ``KeptUploadLost`` when the token cannot be used."""
    payload = _payload(token, user_id)
    storage = private_storage()
    # Asked first: a missing object in S3 raises the client's own error, not OSError.
    if not storage.exists(payload["name"]):
        raise KeptUploadLost
    try:
        with storage.open(payload["name"]) as file:
            content = file.read()
    except (FileNotFoundError, OSError) as error:
        raise KeptUploadLost from error
    original = str(payload.get("original") or Path(payload["name"]).name)
    upload = SimpleUploadedFile(original, content, content_type=payload.get("type"))
    return upload, KeptUpload(token, original, _preview(content)), payload["name"]


def kept_upload_remove(name: str) -> None:
    """Remove a kept file (once the form that used it is saved)."""
    private_storage().delete(name)
