"""The visitor's address behind a configurable number of trusted proxies."""

import pytest
from django.test import RequestFactory

from oig_site.core.clientip import client_ip, client_key, login_username
from tests.oig_site.test_settings import run_python

factory = RequestFactory()


def request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_one_trusted_proxy_uses_the_address_it_saw(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(settings):
    settings.TRUSTED_PROXIES = 1
    # The visitor wrote "1.1.1.1"; our proxy appended the address it really came from.
    assert client_ip(request("10.0.0.1", "1.1.1.1, 203.0.113.9")) == "203.0.113.9"


def test_two_trusted_proxies_use_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    "forwarded",
    ["", "   ", ",,,", "not-an-address", "999.1.1.1", "\x00", "1.2.3.4" + ", x" * 2000],
)
def test_missing_or_garbage_headers_fall_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.1", forwarded)) == "10.0.0.1"


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request("10.0.0.2", "203.0.113.9")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9:51234", "203.0.113.9"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
    ],
)
def test_addresses_are_normalised(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.1", forwarded)) == expected


def test_no_valid_address_at_all_is_none_and_the_throttle_key_says_unknown(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request("")) is None
    assert client_ip(request("garbage")) is None
    assert client_key(request("")) == "unknown"


def test_lock_out_usernames_fit_the_lock_out_table():
    assert login_username(None, {"username": "u" * 300}) == "u" * 255
    assert login_username(request(), None) is None
    assert login_username(factory.post("/", {"username": "sam"}), None) == "sam"


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_a_bad_trusted_proxies_setting_stops_start_up_with_a_clear_message(value):
    result = run_python("print('started')", DJANGO_DEBUG="1", DJANGO_TRUSTED_PROXIES=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_TRUSTED_PROXIES" in result.stderr.splitlines()[-1]


def test_trusted_proxies_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.TRUSTED_PROXIES)"
    assert run_python(code, DJANGO_DEBUG="1").stdout.strip() == "0"
    assert run_python(code, DJANGO_DEBUG="1", DJANGO_TRUSTED_PROXIES="2").stdout.strip() == "2"


def test_the_deployment_check_warns_when_behind_https_without_trusted_proxies():
    code = "from django.core.management import call_command; call_command('check', deploy=True)"
    production = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "example.org"}
    assert "oig_site.W001" in run_python(code, **production).stderr
    behind_proxy = run_python(code, DJANGO_TRUSTED_PROXIES="1", **production)
    assert "oig_site.W001" not in behind_proxy.stderr + behind_proxy.stdout
