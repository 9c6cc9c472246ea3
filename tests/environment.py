"""Loaded first by pytest (``-p tests.environment`` in pyproject.toml), before Django's settings
are read: the environment the tests run in. Anything already set in the environment wins, so CI
can point ``DATABASE_URL`` at PostgreSQL."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_DEBUG", "0")
# pytest-django's live server and Playwright's sync API share the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
