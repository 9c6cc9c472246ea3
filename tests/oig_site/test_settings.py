"""The settings module is configured by the environment and refuses unsafe start-ups."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env["DJANGO_SETTINGS_MODULE"] = "oig_site.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_python("print('started')", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr.splitlines()[-1]


def test_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = run_python("print('started')", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_python(
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_DEBUG="yes-please-maybe",
    )
    assert result.stdout.strip() == "False"


def test_starts_in_debug_without_a_secret_key():
    result = run_python("from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_https_is_on_by_default_when_debug_is_off():
    result = run_python(
        "from django.conf import settings; "
        "print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS > 0, settings.SECURE_PROXY_SSL_HEADER[0])",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    assert result.stdout.split() == ["True", "True", "True", "HTTP_X_FORWARDED_PROTO"]


def test_https_can_be_turned_off_for_a_private_network():
    result = run_python(
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_HTTPS="0",
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("debug", "static_backend"),
    [
        ("0", "whitenoise.storage.CompressedManifestStaticFilesStorage"),
        ("1", "django.contrib.staticfiles.storage.StaticFilesStorage"),
    ],
)
def test_static_files_have_hashed_names_unless_debugging(debug, static_backend):
    result = run_python(
        "from django.conf import settings; s = settings.STORAGES; "
        "print(s['default']['BACKEND'], s['private']['BACKEND'], s['staticfiles']['BACKEND'])",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_DEBUG=debug,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "oig_site.core.storage.PrivateMediaStorage",
        static_backend,
    ]


def test_buckets_in_the_environment_keep_uploads_in_object_storage():
    result = run_python(
        "from django.conf import settings; s = settings.STORAGES; "
        "print(s['default']['BACKEND'], s['private']['BACKEND'], "
        "s['default']['OPTIONS']['bucket_name'], s['private']['OPTIONS']['bucket_name'], "
        "s['private']['OPTIONS']['default_acl']); "
        "print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        DJANGO_DEBUG="1",
        DJANGO_S3_BUCKET="uploads",
        DJANGO_S3_PRIVATE_BUCKET="private-uploads",
        DJANGO_S3_ENDPOINT_URL="https://objects.example.org",
    )
    assert result.returncode == 0, result.stderr
    storages, images = result.stdout.splitlines()
    assert storages.split() == [
        "oig_site.core.s3.PublicS3Storage",
        "oig_site.core.s3.PrivateS3Storage",
        "uploads",
        "private-uploads",
        "private",
    ]
    assert images.split() == ["'self'", "data:", "https://objects.example.org"]


def test_one_bucket_alone_stops_start_up():
    result = run_python("print('started')", DJANGO_DEBUG="1", DJANGO_S3_BUCKET="uploads")
    assert result.returncode != 0
    assert "Set both DJANGO_S3_BUCKET and DJANGO_S3_PRIVATE_BUCKET" in result.stderr


def test_database_url_selects_postgresql():
    result = run_python(
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://someone@db.internal:5432/coproduction",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "coproduction",
        "db.internal",
    ]


def test_sqlite_is_set_up_for_concurrent_requests(tmp_path):
    database = tmp_path / "site.sqlite3"
    result = run_python(
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        ("DJANGO_EMAIL_HOST", "smtp.example.org", "EMAIL_HOST", "smtp.example.org"),
        ("DJANGO_EMAIL_PORT", "2525", "EMAIL_PORT", "2525"),
        ("DJANGO_SITE_NAME", "Working Together", "SITE_NAME", "Working Together"),
        ("DJANGO_MEDIA_ROOT", "/srv/media", "MEDIA_ROOT", "/srv/media"),
    ],
)
def test_settings_come_from_the_environment(variable, value, setting, expected):
    result = run_python(
        f"from django.conf import settings; print(settings.{setting})",
        DJANGO_DEBUG="1",
        **{variable: value},
    )
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    "variable",
    [
        "DJANGO_SITE_NAME",
        "DJANGO_SITE_CONTACT_EMAIL",
        "DJANGO_DEFAULT_FROM_EMAIL",
        "DJANGO_SITE_URL",
    ],
)
def test_refuses_to_start_with_a_line_break_in_an_email_header_setting(variable):
    result = run_python(
        "print('started')", DJANGO_DEBUG="1", **{variable: "one\nBcc: everyone@example.org"}
    )
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable} must be on one line" in result.stderr
