"""make cluster-check (deploy/cluster_check.py) notices when the servers do not behave as one
site: each of its checks fails, with a clear message, on a page that does not match."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "cluster_check.py"
spec = importlib.util.spec_from_file_location("cluster_check", SCRIPT)
cluster_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cluster_check)
CheckFailed = cluster_check.CheckFailed

S3 = "http://127.0.0.1:9200/cluster-check-uploads/"
PAGE = (
    f'<main><img class="page-image" src="{S3}groups/abc.jpg" '
    f'srcset="{S3}groups/abc-480w.jpg 480w, {S3}groups/abc.jpg 1200w"></main>'
)


def test_the_picture_check_finds_the_uploaded_picture_on_the_object_store():
    image = cluster_check.image_on_page(PAGE, "groups/abc.jpg", S3)
    assert image["src"] == f"{S3}groups/abc.jpg"


def test_the_picture_check_fails_on_a_page_without_the_picture():
    with pytest.raises(CheckFailed, match="does not show the picture stored as groups/new.jpg"):
        cluster_check.image_on_page(PAGE, "groups/new.jpg", S3)


def test_the_picture_check_fails_when_the_picture_is_served_by_the_app_server():
    local = '<img src="/media/groups/abc.jpg">'
    with pytest.raises(CheckFailed, match="is not on the object store"):
        cluster_check.image_on_page(local, "groups/abc.jpg", S3)


def response(status_code=200, text="", url="http://127.0.0.1:8202/admin/"):
    return SimpleNamespace(status_code=status_code, text=text, url=url)


def test_the_sign_in_check_passes_on_the_admins_start_page():
    cluster_check.signed_in_admin(response(text='<a href="/admin/logout/">Log out</a>'))


@pytest.mark.parametrize(
    "page",
    [
        response(text='<form id="login-form" method="post"></form>'),
        response(status_code=302),
    ],
    ids=["the sign-in form", "a redirect to it"],
)
def test_the_sign_in_check_fails_when_the_session_is_not_recognised(page):
    with pytest.raises(CheckFailed, match="session was not recognised"):
        cluster_check.signed_in_admin(page)


def test_the_publish_checks_fail_on_a_page_that_does_not_match():
    with pytest.raises(CheckFailed, match="B's page does not show 'New meeting'"):
        cluster_check.shows("<h1>Old news</h1>", "New meeting", "B's page")
    with pytest.raises(CheckFailed, match="already shows 'New meeting'"):
        cluster_check.does_not_show("<h1>New meeting</h1>", "New meeting", "B's page")


def test_a_wrong_status_fails_with_the_address():
    with pytest.raises(CheckFailed, match="expected 404, got 200 from http://127.0.0.1:8202/"):
        cluster_check.status(response(200, url="http://127.0.0.1:8202/"), 404, "The photo")


def test_a_form_is_read_as_a_browser_would_submit_it():
    page = """<form id="f"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="name" value="Group"><input type="checkbox" name="on" checked>
      <input type="checkbox" name="off"><textarea name="about">Hello</textarea>
      <select name="topic"><option value="1">A</option><option value="2" selected>B</option>
      </select><input type="file" name="image"></form><input name="outside" value="x">"""
    assert cluster_check.form_fields(page, "f") == [
        ("csrfmiddlewaretoken", "t"),
        ("name", "Group"),
        ("on", "on"),
        ("about", "Hello"),
        ("topic", "2"),
    ]
    assert cluster_check.csrf_token(page) == "t"
    with pytest.raises(CheckFailed, match="no form with id 'other'"):
        cluster_check.form_fields(page, "other")


def test_a_failed_check_stops_the_run_with_a_clear_message(monkeypatch, capsys):
    def failing_run(args):
        raise CheckFailed("B's group page does not show 'Published through server A'.")

    monkeypatch.setattr(cluster_check, "run", failing_run)
    assert cluster_check.main([]) == 1
    assert "cluster-check FAILED: B's group page does not show" in capsys.readouterr().err
