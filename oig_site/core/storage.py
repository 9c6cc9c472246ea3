"""Where uploads are stored: public uploads, private uploads and static files.

By default uploads are files on this server: public ones under ``MEDIA_ROOT``, private ones
(members' story photos) under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT`` so the web server
never serves them. Several servers share uploads through an S3-compatible object store instead
(``DJANGO_S3_BUCKET`` and ``DJANGO_S3_PRIVATE_BUCKET``, see ``storage_backends()``): public
uploads are readable by their address, private ones have no public address at all and reach
visitors only through views that check who may see them, for example a member's story photo,
which disappears the moment the teller withdraws consent.
"""

import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty


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


class _PrivateStorage(LazyObject):
    """The ``private`` storage, looked up when first used (and again after the ``STORAGES``
    setting changes), so fields that keep it follow the configuration."""

    def _setup(self):
        self._wrapped = storages["private"]


private_media = _PrivateStorage()


def private_storage():
    return private_media


def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_media._wrapped = empty


setting_changed.connect(_storages_changed)


@dataclass(frozen=True)
class ObjectStorage:
    """An S3-compatible object store for uploads (``DJANGO_S3_*`` in the environment).

    The access key and secret are read by boto3 itself from the standard variables
    (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``) or the server's role, never from here.
    """

    #: The bucket for public uploads (group pictures, activity photos, newsletter PDFs).
    bucket: str
    #: The bucket for private uploads (members' story photos): never publicly readable.
    private_bucket: str
    #: The service's address, for a provider other than Amazon (MinIO, a local test server).
    endpoint_url: str = ""
    region: str = ""
    #: A host name that serves the public bucket (a CDN), used in public addresses.
    custom_domain: str = ""
    #: The ACL given to public uploads; empty when a bucket policy makes them readable instead
    #: (buckets that refuse ACLs, such as new Amazon buckets with "bucket owner enforced").
    public_acl: str = "public-read"

    def options(self) -> dict:
        common = {
            "file_overwrite": False,  # a name in use gets a new one, as with local files
            "region_name": self.region or None,
            "endpoint_url": self.endpoint_url or None,
            # With an endpoint of its own the bucket is part of the path (every S3-compatible
            # server understands that); Amazon's own addresses name the bucket in the host.
            "addressing_style": "path" if self.endpoint_url else "virtual",
            "signature_version": "s3v4",
        }
        public = {
            **common,
            "bucket_name": self.bucket,
            "default_acl": self.public_acl or None,
            "querystring_auth": False,
            "custom_domain": self.custom_domain or None,
        }
        private = {
            **common,
            "bucket_name": self.private_bucket,
            "default_acl": "private",
            "querystring_auth": True,
        }
        return {"public": public, "private": private}

    def public_origin(self) -> str:
        """Where browsers fetch public uploads from (for the Content-Security-Policy)."""
        if self.custom_domain:
            return f"https://{self.custom_domain}"
        if self.endpoint_url:
            parts = urlsplit(self.endpoint_url)
            return f"{parts.scheme}://{parts.netloc}"
        # Amazon's addresses name the region, except for its first one (us-east-1).
        region = f".{self.region}" if self.region not in {"", "us-east-1"} else ""
        return f"https://{self.bucket}.s3{region}.amazonaws.com"


def object_storage_from_env(environ=os.environ) -> ObjectStorage | None:
    """The object store the environment configures, or None for local files."""
    bucket = environ.get("DJANGO_S3_BUCKET", "").strip()
    private_bucket = environ.get("DJANGO_S3_PRIVATE_BUCKET", "").strip()
    if not bucket and not private_bucket:
        return None
    if not (bucket and private_bucket):
        raise ImproperlyConfigured(
            "Set both DJANGO_S3_BUCKET and DJANGO_S3_PRIVATE_BUCKET (public and private "
            "uploads are kept in two buckets), or neither to keep uploads on this server."
        )
    if bucket == private_bucket:
        raise ImproperlyConfigured(
            "DJANGO_S3_PRIVATE_BUCKET must differ from DJANGO_S3_BUCKET: private photos must "
            "never be in the publicly readable bucket."
        )
    return ObjectStorage(
        bucket=bucket,
        private_bucket=private_bucket,
        endpoint_url=environ.get("DJANGO_S3_ENDPOINT_URL", "").strip(),
        region=environ.get("DJANGO_S3_REGION", "").strip(),
        custom_domain=environ.get("DJANGO_S3_CUSTOM_DOMAIN", "").strip(),
        public_acl=environ.get("DJANGO_S3_PUBLIC_ACL", "public-read").strip(),
    )


def storage_backends(*, static_manifest: bool, object_storage: ObjectStorage | None = None) -> dict:
    """The ``STORAGES`` setting: public uploads, private uploads and static files. The settings
    module calls this with the environment's choices, and the tests call it too, so every
    backend is configured here once.

    ``static_manifest`` serves static files under hashed, compressed names (whitenoise), which
    needs ``collectstatic`` first; without it they are served as they are (debug, tests).
    ``object_storage`` keeps uploads in an S3-compatible store; without it they are local files.
    """
    if object_storage is None:
        uploads = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": "oig_site.core.storage.PrivateMediaStorage"},
        }
    else:
        options = object_storage.options()
        uploads = {
            "default": {
                "BACKEND": "oig_site.core.s3.PublicS3Storage",
                "OPTIONS": options["public"],
            },
            "private": {
                "BACKEND": "oig_site.core.s3.PrivateS3Storage",
                "OPTIONS": options["private"],
            },
        }
    return {
        **uploads,
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
