"""Places are never oversold: 200 people signing up at the same moment for 20 places, through
the site served by gunicorn (several processes, several threads each), as real visitors would,
give exactly 20 places and 180 on the waiting list. On SQLite (a database file, as in
production) and on PostgreSQL."""

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.db import connection

from activities.models import SignUp, SignUpTally

PEOPLE = 200
PLACES = 20
SLUG = "busy-open-day"

MAKE_EVENT = f"""
import datetime as dt
from django.utils import timezone
from tests.factories import ActivityFactory
ActivityFactory(
    title="Busy open day", slug="{SLUG}", signups_open=True, places={PLACES},
    start_date=timezone.localdate() + dt.timedelta(days=7),
)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_DB_CONN_MAX_AGE": "0",
        # One proxy in front: each visitor is told apart by X-Forwarded-For, as behind nginx.
        "DJANGO_TRUSTED_PROXIES": "1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "tests.served_settings",
    }


@contextlib.contextmanager
def served(environment: dict):
    """The site under gunicorn: 4 processes of 8 threads."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "oig_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Wait for the state (gunicorn answering), for as long as a loaded machine may need to
        # start four workers, polling often.
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base}/robots.txt", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("gunicorn did not start")
            time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def everyone_signs_up_at_once(base: str) -> list[int]:
    url = f"{base}/activities/{SLUG}/sign-up/"

    def one(number: int) -> int:
        response = requests.post(
            url,
            data={"name": f"Person {number}", "email": f"person{number}@example.org"},
            headers={
                "Origin": base,
                "X-Forwarded-For": f"198.51.{number // 250}.{number % 250 + 1}",
            },
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        return list(pool.map(one, range(PEOPLE)))


def test_200_people_at_once_on_sqlite_get_20_places_and_180_on_the_waiting_list(tmp_path):
    # Its own database file, served by its own gunicorn: it runs whatever the tests' database.
    database = tmp_path / "site.sqlite3"
    environment = site_environment(f"sqlite:///{database}")
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["shell", "-c", MAKE_EVENT]):
        subprocess.run(manage + command, cwd=settings.BASE_DIR, env=environment, check=True)
    with served(environment) as base:
        statuses = everyone_signs_up_at_once(base)
        page = requests.get(f"{base}/activities/{SLUG}/", timeout=10).text
    assert statuses == [302] * PEOPLE
    with contextlib.closing(sqlite3.connect(database)) as db:
        counts = dict(db.execute("SELECT status, COUNT(*) FROM activities_signup GROUP BY 1"))
        tally = db.execute("SELECT confirmed, waiting FROM activities_signuptally").fetchall()
    assert counts == {"confirmed": PLACES, "waiting": PEOPLE - PLACES}
    assert tally == [(PLACES, PEOPLE - PLACES)]
    assert "Full: join the waiting list" in page


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_200_people_at_once_on_postgresql_get_20_places_and_180_on_the_waiting_list():
    exec(MAKE_EVENT, {})  # noqa: S102 - the text above, which makes the event
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )
    with served(site_environment(url)) as base:
        statuses = everyone_signs_up_at_once(base)
    assert statuses == [302] * PEOPLE
    assert SignUp.objects.filter(status="confirmed").count() == PLACES
    assert SignUp.objects.filter(status="waiting").count() == PEOPLE - PLACES
    tally = SignUpTally.objects.get()
    assert (tally.confirmed, tally.waiting) == (PLACES, PEOPLE - PLACES)
