"""A file chosen in an admin form that comes back with a mistake is kept: the page says so
beside the field, and the next send saves it without choosing it again. A kept file that cannot
be used (changed, too old, someone else's) is said to be lost beside its field, and the page is
never saved as if nothing was lost."""

import io
import os
import re
import time
from unittest import mock

import pytest
from django.contrib import admin
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import FileField
from django.urls import reverse

from groups.models import CommunityGroup
from oig_site.core.admin import KeepsUploadsAdmin
from oig_site.core.kept_uploads import KEPT_FOLDER, KEPT_UPLOAD_MAX_AGE
from tests.factories import IssueFactory, MemberStoryFactory, staff_member
from tests.groups.test_admin import group_form_data
from tests.html import form_data, text
from tests.oig_site.test_uploads import admin_url, files_under, photo
from tests.pdfs import clean_pdf

pytestmark = pytest.mark.django_db

ADD = reverse("admin:groups_communitygroup_add")
KEPT_NOTE = "is kept: you do not need to choose it again"
LOST = "could not be kept"


def kept_token(response, name="image") -> str:
    match = re.search(rf'name="{re.escape(name)}-kept" value="([^"]+)"', response.content.decode())
    assert match, text(response)[:3000]
    return match.group(1)


def kept_files(settings) -> set[str]:
    return {n for n in files_under(settings.PRIVATE_MEDIA_ROOT) if n.startswith(KEPT_FOLDER)}


def send_with_mistake(client, **overrides):
    """The group's photo chosen, but its description (alt text) forgotten."""
    data = group_form_data(image=photo("Our meeting.jpg"), image_alt="", **overrides)
    response = client.post(ADD, data)
    assert response.status_code == 200
    return response


def test_the_photo_is_kept_after_a_mistake_and_saved_with_the_correction(
    admin_client, settings, django_capture_on_commit_callbacks
):
    response = send_with_mistake(admin_client)
    page = text(response)
    assert "Describe the banner picture for people who cannot see it" in page
    assert f"Your banner picture “Our meeting.jpg” {KEPT_NOTE}" in page
    assert 'src="data:image/jpeg;base64,' in response.content.decode()  # a small copy
    assert len(kept_files(settings)) == 1
    assert not CommunityGroup.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD,
            group_form_data(
                image_alt="Members around a table", **{"image-kept": kept_token(response)}
            ),
        )
    assert response.status_code == 302, text(response)[:3000]
    group = CommunityGroup.objects.get()
    assert group.image.name.startswith("groups/")
    assert (settings.MEDIA_ROOT / group.image.name).read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    assert group.image_width == 1200
    assert kept_files(settings) == set()  # removed once saved


def test_the_photo_is_kept_when_a_mistake_is_in_an_inline(admin_client):
    data = group_form_data(image=photo(), image_alt="Members", **{"aims-0-text": ""})
    data["aims-0-position"] = "x"  # not a number
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert KEPT_NOTE in text(response)


def test_an_easy_read_picture_in_an_inline_is_kept(admin_client, settings):
    data = group_form_data(
        name="",  # the mistake
        **{
            "easy_read_lines-TOTAL_FORMS": "1",
            "easy_read_lines-0-position": "1",
            "easy_read_lines-0-text": "We meet every month.",
            "easy_read_lines-0-image": photo("calendar.png"),
            "easy_read_lines-0-image_alt": "A calendar",
        },
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    token = kept_token(response, "easy_read_lines-0-image")
    data.update(name="Team-Up Co-production Board", **{"easy_read_lines-0-image-kept": token})
    del data["easy_read_lines-0-image"]
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, text(response)[:3000]
    line = CommunityGroup.objects.get().easy_read_lines.get()
    assert (settings.MEDIA_ROOT / line.image.name).is_file()


def test_a_file_that_fails_its_own_check_is_not_kept(admin_client, settings):
    data = group_form_data(image_alt="A photo")
    data["image"] = photo("notes.jpg")
    data["image"].file = io.BytesIO(b"not a picture at all")
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert KEPT_NOTE not in text(response)
    assert kept_files(settings) == set()


def test_choosing_another_file_replaces_the_kept_one(admin_client, settings):
    token = kept_token(send_with_mistake(admin_client))
    response = admin_client.post(
        ADD,
        group_form_data(
            image=photo("second.jpg", size=(900, 600)), image_alt="Second", **{"image-kept": token}
        ),
    )
    assert response.status_code == 302
    assert CommunityGroup.objects.get().image_width == 900


def test_ticking_do_not_use_saves_without_the_kept_file(admin_client):
    response = send_with_mistake(admin_client)
    assert "Do not use “Our meeting.jpg”" in text(response)
    response = admin_client.post(
        ADD, group_form_data(**{"image-kept": kept_token(response), "image-kept-drop": "1"})
    )
    assert response.status_code == 302
    assert not CommunityGroup.objects.get().image


def lost_then_saved_without(client, token):
    """A token that cannot be used: the page says so beside the photo and saves nothing; the
    page that comes back does not carry the token, so sending it again saves without it."""
    response = client.post(ADD, group_form_data(image_alt="Members", **{"image-kept": token}))
    assert response.status_code == 200
    page = text(response)
    assert f"The banner picture you chose before {LOST}" in page
    assert "Choose the banner picture again, or save without it." in page
    assert not CommunityGroup.objects.exists()
    assert 'name="image-kept"' not in response.content.decode()
    response = client.post(ADD, group_form_data(image_alt="Members"))
    assert response.status_code == 302
    assert not CommunityGroup.objects.get().image


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: "x" * 5000,
        lambda token: signing.dumps({"name": "../../etc/passwd", "user": 1}, salt="other"),
    ],
    ids=["changed", "nonsense", "long", "other-salt"],
)
def test_a_tampered_token_is_lost_beside_the_field_never_a_500(admin_client, tamper):
    token = kept_token(send_with_mistake(admin_client))
    lost_then_saved_without(admin_client, tamper(token))


def test_a_token_older_than_a_day_is_lost(admin_client):
    token = kept_token(send_with_mistake(admin_client))
    later = time.time() + KEPT_UPLOAD_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        lost_then_saved_without(admin_client, token)


def test_a_token_whose_file_was_removed_is_lost(admin_client, settings):
    token = kept_token(send_with_mistake(admin_client))
    for name in kept_files(settings):
        (settings.PRIVATE_MEDIA_ROOT / name).unlink()
    lost_then_saved_without(admin_client, token)


def test_another_editors_token_is_lost(admin_client, client, superuser):
    token = kept_token(send_with_mistake(admin_client))
    other = staff_member("other@example.org", "other@example.org", password="another passphrase")
    other.is_superuser = True
    other.save()
    client.force_login(other)
    lost_then_saved_without(client, token)


def test_kept_files_are_private_and_removed_by_the_daily_cleanup_once_expired(
    admin_client, settings
):
    send_with_mistake(admin_client)
    (kept,) = kept_files(settings)
    assert not files_under(settings.MEDIA_ROOT)  # never in the public uploads
    call_command("remove_orphan_uploads", stdout=io.StringIO())
    assert kept_files(settings) == {kept}  # still usable
    old = time.time() - KEPT_UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(settings.PRIVATE_MEDIA_ROOT / kept, (old, old))
    out = io.StringIO()
    call_command("remove_orphan_uploads", stdout=out)
    assert f"Removed {kept}" in out.getvalue()
    assert kept_files(settings) == set()


def has_files(model) -> bool:
    return any(isinstance(f, FileField) for f in model._meta.concrete_fields)


def test_every_admin_page_with_files_keeps_them():
    for model, model_admin in admin.site._registry.items():
        inlines = [inline.model for inline in model_admin.inlines]
        if has_files(model) or any(has_files(m) for m in inlines):
            assert isinstance(model_admin, KeepsUploadsAdmin), model


def mistake_then_correction(client, obj, mistake: dict, correction: dict):
    """Send ``obj``'s admin page with a file and a mistake, then with the correction only."""
    url = admin_url(obj)
    data = form_data(client.get(url), f"{obj._meta.model_name}_form")
    response = client.post(url, {**data, **mistake})
    assert response.status_code == 200
    return response, lambda token_field: client.post(
        url, {**data, **correction, f"{token_field}-kept": kept_token(response, token_field)}
    )


def test_a_members_story_photo_is_kept_in_private_storage(admin_client, settings):
    story = MemberStoryFactory()
    response, correct = mistake_then_correction(
        admin_client,
        story,
        {"image": photo("Amina.jpg"), "image_alt": ""},
        {"image_alt": "Amina at the meeting"},
    )
    assert f"Your photo “Amina.jpg” {KEPT_NOTE}" in text(response)
    assert correct("image").status_code == 302
    story.refresh_from_db()
    assert (settings.PRIVATE_MEDIA_ROOT / story.image.name).is_file()
    assert not files_under(settings.MEDIA_ROOT)


def test_an_issues_pdf_is_kept_without_a_preview(admin_client, settings):
    issue = IssueFactory()
    pdf = SimpleUploadedFile("Autumn.pdf", clean_pdf(), content_type="application/pdf")
    response, correct = mistake_then_correction(
        admin_client, issue, {"pdf": pdf, "title": ""}, {"title": issue.title}
    )
    page = text(response)
    assert f"Your print version (PDF) “Autumn.pdf” {KEPT_NOTE}" in page
    assert "data:image" not in response.content.decode()
    assert correct("pdf").status_code == 302
    issue.refresh_from_db()
    assert (settings.MEDIA_ROOT / issue.pdf.name).read_bytes().startswith(b"%PDF")
