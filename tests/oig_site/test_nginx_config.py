"""The nginx configuration in deploy/nginx/: valid, and serving its micro-cache's larger pages
at once."""

import re
import shutil
import subprocess
from pathlib import Path
from string import Template

import pytest
from django.conf import settings

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "coproduction.conf.template"
NGINX = shutil.which("nginx")


def block(config: str, opening: str) -> str:
    """The text of the ``{ }`` block that starts with ``opening``."""
    start = config.index(opening) + len(opening)
    depth, position = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(config[position], 0)
        position += 1
    return config[start : position - 1]


def test_cached_pages_are_not_held_back_by_tcp_cork():
    """With sendfile and ``tcp_nopush on`` (most nginx.conf files set both), a cached page larger
    than the proxy buffers (the newsletter archive, the sitemap files) waited about 40 ms each."""
    pages = block(TEMPLATE.read_text(), "location / {")
    assert re.search(r"^\s*tcp_nopush off;", pages, re.MULTILINE)
    assert re.search(r"^\s*proxy_cache coproduction_pages;", pages, re.MULTILINE)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
def test_the_configuration_is_valid_nginx(tmp_path):
    site = Template(TEMPLATE.read_text()).safe_substitute(
        LISTEN="127.0.0.1:8080",
        SERVER_NAME="localhost",
        APP_SERVER="127.0.0.1:8000",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        CACHE_DIR=str(tmp_path / "cache"),
    )
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "temp"
    (tmp_path / "nginx.conf").write_text(
        f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    temp.mkdir()
    checked = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
