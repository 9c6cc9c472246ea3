"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Browsers are never downloaded: the tests use /usr/bin/chromium (``apt-get install chromium``).
Without it they skip locally with a reason, and fail in CI (where CI is set).
"""

import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    if not browser_items or os.path.exists(CHROMIUM):
        return
    reason = f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium'"
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{reason}. Browser tests never skip in CI.")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def demo_site(live_server, transactional_db, settings, tmp_path):
    """The live server with the demo content loaded. Uploads are served from MEDIA_ROOT."""
    call_command("load_demo_content", stdout=StringIO())
    return live_server


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page
