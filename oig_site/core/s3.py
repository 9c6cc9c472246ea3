"""Uploads kept in an S3-compatible object store (django-storages), chosen by
``storage_backends()`` when the environment names the buckets. Imported only then, so boto3
is loaded only by sites that use it."""

from storages.backends.s3 import S3Storage


class PublicS3Storage(S3Storage):
    """Public uploads: readable by anyone at their address (a public-read ACL or the bucket's
    policy), linked to without a signature so pages and their caches keep one address."""


class PrivateS3Storage(S3Storage):
    """Private uploads (members' story photos): stored with a private ACL in a bucket that is
    never publicly readable. They have no address of their own, not even a signed one that
    could be passed on: the site streams them through a view that checks consent every time."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return ""
