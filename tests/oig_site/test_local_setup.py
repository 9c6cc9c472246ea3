"""What a newcomer following the README meets on their own machine: `make run` on any port
(and the links the site e-mails leading there), making a coordinator locally, one line from the
reloader, and Django's own error pages drawn with their styles in debug."""

import os
import queue
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MAKE = shutil.which("make") or "/usr/bin/make"


def make_dry_run(*arguments: str, **environment: str) -> list[str]:
    """The commands ``make`` would run (``make -n``), one per line."""
    # As a newcomer types it: not inside another make (as `make test` runs the tests), whose
    # flags and variables a sub-make would inherit.
    inherited = {"DJANGO_SITE_URL", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    result = subprocess.run(
        [MAKE, "-n", *arguments],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def manage_lines(lines: list[str], command: str) -> list[str]:
    return [line for line in lines if f"manage.py {command}" in line]


def test_make_run_serves_and_links_on_the_port_it_was_given():
    lines = make_dry_run("run", "PORT=8123")
    [runserver] = manage_lines(lines, "runserver")
    assert runserver.endswith("runserver 127.0.0.1:8123")
    for command in ("migrate", "load_demo_content", "runserver"):
        [line] = manage_lines(lines, command)
        assert "DJANGO_DEBUG=1 " in line, line
        assert "DJANGO_SITE_URL=http://127.0.0.1:8123 " in line, line
    assert any("sign in at http://127.0.0.1:8123/admin/" in line for line in lines)


def test_a_site_url_of_ones_own_wins():
    [runserver] = manage_lines(
        make_dry_run("run", DJANGO_SITE_URL="https://dev.example.org"), "runserver"
    )
    assert "DJANGO_SITE_URL=https://dev.example.org " in runserver


def settings_under(line: str) -> dict[str, str]:
    """The site's settings as the command on ``line`` would see them: its environment
    assignments applied, read in a fresh Python."""
    words = shlex.split(line)
    assignments = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SITE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, **assignments, "DJANGO_SETTINGS_MODULE": "oig_site.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    debug, site_url = result.stdout.split()
    return {"DEBUG": debug, "SITE_URL": site_url}


def test_making_a_coordinator_locally_needs_no_secrets_and_links_to_the_served_port():
    lines = make_dry_run("coordinator", "PORT=8123", "EMAIL=sam@example.org", "GROUP=parent-power")
    [line] = manage_lines(lines, "add_coordinator")
    assert line.endswith('add_coordinator "sam@example.org" "parent-power"')
    assert settings_under(line) == {"DEBUG": "True", "SITE_URL": "http://127.0.0.1:8123"}


def test_without_debug_the_same_command_still_refuses_to_start_without_secrets():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "add_coordinator", "sam@example.org", "parent-power"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "oig_site.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_every_make_target_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text()
    # In code: `make run ...` inline, or a line of a code block that starts with it.
    targets = set(re.findall(r"(?:`|^)make ([a-z][a-z-]+)", readme, re.M))
    assert {"run", "test", "superuser", "coordinator"} <= targets
    for target in sorted(targets):
        make_dry_run(target, "EMAIL=sam@example.org", "GROUP=parent-power")  # fails if unknown


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_development_server_says_each_thing_once(tmp_path):
    """With the reloader on, as `make run` starts it: Django runs the site in a child process
    that a parent restarts on changes, and both load the settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "oig_site.settings",
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{free_port()}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # the reloader's child too is stopped below
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in server.stdout], daemon=True
    ).start()
    seen = []
    try:
        while not any("Quit the server with" in line for line in seen):
            seen.append(lines.get(timeout=120))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    output = "".join(seen)
    assert output.count("Watching for file changes") == 1, output
    assert output.count("Performing system checks") == 1, output
    assert output.count("Starting development server") == 1, output


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, status",
    [("/no-such-page/", 404), ("/groups/?q=%00", 400)],
    ids=["not found", "bad request"],
)
def test_in_debug_djangos_error_pages_keep_their_styles(client, settings, path, status):
    settings.DEBUG = True
    response = client.get(path)
    assert response.status_code == status
    assert "<style" in response.content.decode()  # Django's own debug page
    policy = response.get("Content-Security-Policy", "")
    style_src = re.search(r"style-src ([^;]*)", policy)
    assert not policy or "'unsafe-inline'" in style_src.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/no-such-page/", "/groups/?q=%00"])
def test_with_debug_off_error_pages_keep_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "style-src 'self';" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
