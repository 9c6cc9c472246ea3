"""Loaded first by pytest (``-p tests.environment`` in pyproject.toml), before Django's settings
are read: the environment the tests run in. Anything already set in the environment wins, so CI
can point ``DATABASE_URL`` at PostgreSQL."""

import os
import tempfile

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_DEBUG", "0")
# pytest-django's live server and Playwright's sync API share the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Collected static files are not needed in tests (they use plain static storage).
os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp(prefix="coproduction-static-"))
# Serve uploads from the live server, so browser tests see the pictures.
os.environ.setdefault("DJANGO_SERVE_MEDIA", "1")
# No persistent database connections: the live server's threads must not hold the test
# database open when it is dropped.
os.environ.setdefault("DJANGO_DB_CONN_MAX_AGE", "0")
