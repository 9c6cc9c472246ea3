"""The site's settings for tests that serve it with gunicorn in another process: the same, but
static files under their plain names (as in the test process itself), so that no
``collectstatic`` is needed first."""

from oig_site.core.storage import storage_backends
from oig_site.settings import *  # noqa: F403

STORAGES = storage_backends(static_manifest=False)
