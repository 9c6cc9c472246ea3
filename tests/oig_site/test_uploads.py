"""Uploaded files: stored under random names (public and private), and removed with their
smaller copies once they are replaced, cleared or their object deleted, never before the change
is saved; a revert in History does not bring back a removed file."""

import io
import os
import re
import time

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import FileField
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from activities.models import Activity
from groups.admin import CommunityGroupAdmin
from groups.models import CommunityGroup, MemberStory
from newsletters.models import Issue
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    SectionFactory,
    image_file,
)
from tests.groups.test_admin import group_form_data
from tests.html import form_data, text
from tests.pdfs import clean_pdf

pytestmark = pytest.mark.django_db


def photo(name="IMG_1234.jpg", size=(1200, 800), colour="purple"):
    """A JPEG big enough for two smaller copies (480 and 960 pixels wide)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def files_under(root) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def admin_url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def change_in_admin(client, obj, **changes):
    url = admin_url(obj)
    data = form_data(client.get(url), f"{obj._meta.model_name}_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, text(response)[:3000]
    return response


def delete_in_admin(client, obj):
    response = client.post(admin_url(obj, "delete"), {"post": "yes"})
    assert response.status_code == 302, text(response)[:3000]


@pytest.fixture
def group_with_photo(admin_client, settings):
    response = admin_client.post(
        reverse("admin:groups_communitygroup_add"),
        group_form_data(image=photo("IMG_1234.jpg"), image_alt="Members around a table"),
    )
    assert response.status_code == 302
    return CommunityGroup.objects.get()


# Random names


def test_every_file_field_in_the_project_uses_random_names():
    from oig_site.core.storage import RandomName

    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField) and not isinstance(field.upload_to, RandomName)
    ]
    assert fields == []


@pytest.mark.parametrize(
    ("make", "folder", "private"),
    [
        (CommunityGroupFactory, "groups", False),
        (ActivityFactory, "activities", False),
        (MemberStoryFactory, "stories", True),
        (IssueFactory, "newsletters", False),
        (SectionFactory, "newsletters", False),
    ],
)
def test_pictures_are_stored_under_a_random_name(settings, make, folder, private):
    obj = make(image_alt="A photo")
    obj.image.save("Jane Smith IMG_1234.JPG", photo(size=(1200, 800)))
    name = obj.image.name
    assert re.fullmatch(rf"{folder}/[0-9a-f]{{32}}\.jpg", name)
    root = settings.PRIVATE_MEDIA_ROOT if private else settings.MEDIA_ROOT
    assert (root / name).is_file()
    stored = files_under(settings.MEDIA_ROOT) | files_under(settings.PRIVATE_MEDIA_ROOT)
    assert not [n for n in stored if "jane" in n.lower() or "img_1234" in n.lower()]


def test_an_upload_cannot_be_found_under_the_name_it_was_uploaded_with(
    client, settings, group_with_photo
):
    name = group_with_photo.image.name
    assert "IMG_1234" not in name
    stem = name.removeprefix("groups/").removesuffix(".jpg")
    # The smaller copies are named from the random name, so they are as hard to guess.
    assert files_under(settings.MEDIA_ROOT) == {
        f"groups/{stem}.jpg",
        f"groups/{stem}-480w.jpg",
        f"groups/{stem}-960w.jpg",
    }
    client.logout()
    for guess in ("IMG_1234.jpg", "IMG_1234-480w.jpg", "IMG_1234-960w.jpg"):
        assert client.get(f"/media/groups/{guess}").status_code == 404
    assert client.get(group_with_photo.image.url).status_code == 200


def test_an_unsafe_extension_is_not_kept():
    from oig_site.core.storage import random_file_name

    assert re.fullmatch(r"groups/[0-9a-f]{32}", random_file_name("groups", "x.j<p>g"))
    assert re.fullmatch(r"groups/[0-9a-f]{32}\.pdf", random_file_name("groups", "A.PDF"))


# Replaced, cleared and deleted files are removed


def test_replacing_a_picture_removes_the_old_one_and_its_copies(
    admin_client, settings, group_with_photo, django_capture_on_commit_callbacks
):
    before = files_under(settings.MEDIA_ROOT)
    assert len(before) == 3
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(admin_client, group_with_photo, image=photo("new.jpg", colour="green"))
    group_with_photo.refresh_from_db()
    after = files_under(settings.MEDIA_ROOT)
    assert not before & after
    assert group_with_photo.image.name in after
    assert len(after) == 3


def test_clearing_a_picture_removes_it_and_its_copies(
    admin_client, settings, group_with_photo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(admin_client, group_with_photo, **{"image-clear": "on"})
    group_with_photo.refresh_from_db()
    assert not group_with_photo.image
    assert files_under(settings.MEDIA_ROOT) == set()


def test_deleting_a_group_removes_its_files(
    admin_client, settings, group_with_photo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delete_in_admin(admin_client, group_with_photo)
    assert files_under(settings.MEDIA_ROOT) == set()


def test_deleting_an_activity_removes_its_files(
    admin_client, settings, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(image=photo(), image_alt="The meeting")
    assert len(files_under(settings.MEDIA_ROOT)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        delete_in_admin(admin_client, activity)
    assert not Activity.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == set()


def test_a_replaced_story_photo_is_removed_from_private_storage(
    admin_client, settings, django_capture_on_commit_callbacks
):
    story = MemberStoryFactory(image=image_file("amina.png"), image_alt="Amina")
    old = story.image.name
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {old}
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(admin_client, story, image=image_file("amina-2.png", size=(50, 40)))
    story.refresh_from_db()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {story.image.name} != {old}


def test_deleting_a_story_removes_its_private_photo(
    admin_client, settings, django_capture_on_commit_callbacks
):
    story = MemberStoryFactory(image=image_file("amina.png"), image_alt="Amina")
    with django_capture_on_commit_callbacks(execute=True):
        delete_in_admin(admin_client, story)
    assert not MemberStory.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == set()


def test_deleting_an_issue_removes_its_pdf_cover_and_section_pictures(
    admin_client, settings, django_capture_on_commit_callbacks
):
    issue = IssueFactory(image=photo(), image_alt="The cover")
    issue.pdf.save("print.pdf", io.BytesIO(clean_pdf()))
    SectionFactory(issue=issue, image=photo("section.jpg", size=(600, 400)), image_alt="A photo")
    assert len(files_under(settings.MEDIA_ROOT)) == 6  # cover and 2 copies, PDF, section and 1
    with django_capture_on_commit_callbacks(execute=True):
        delete_in_admin(admin_client, issue)
    assert not Issue.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == set()


def test_a_save_that_fails_keeps_the_old_file(
    admin_client, settings, group_with_photo, monkeypatch, django_capture_on_commit_callbacks
):
    old = group_with_photo.image.name

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(CommunityGroupAdmin, "log_change", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_in_admin(admin_client, group_with_photo, image=photo("new.jpg", colour="green"))
    group_with_photo.refresh_from_db()
    assert group_with_photo.image.name == old
    stem = old.removesuffix(".jpg")
    assert {old, f"{stem}-480w.jpg", f"{stem}-960w.jpg"} <= files_under(settings.MEDIA_ROOT)


def test_a_revert_brings_back_the_words_but_not_a_removed_picture(
    admin_client, settings, group_with_photo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(
            admin_client,
            group_with_photo,
            image=photo("new.jpg", colour="green"),
            summary="Changed by mistake.",
        )
    group_with_photo.refresh_from_db()
    current = group_with_photo.image.name
    first = Version.objects.get_for_object(group_with_photo).last()
    url = reverse("admin:groups_communitygroup_revision", args=[group_with_photo.pk, first.pk])
    page = admin_client.get(url)
    assert CommunityGroup.objects.get().image.name == current  # looking changes nothing
    data = form_data(page, "communitygroup_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data, follow=True)
    assert "Upload it again if it is wanted" in text(response)
    group_with_photo.refresh_from_db()
    assert group_with_photo.summary == "People who use services and carers."
    assert not group_with_photo.image
    assert group_with_photo.image_width is None
    # The picture the revert replaced is removed too: nothing is left behind.
    assert files_under(settings.MEDIA_ROOT) == set()


# Files stored before uploads had random names


def stored_under_old_name(obj, field, name, copies=()):
    """An upload as it was stored before: under the name it was uploaded with."""
    file = getattr(obj, field)
    for stored in (name, *copies):
        file.storage.save(stored, photo(size=(600, 400)))
    type(obj).objects.filter(pk=obj.pk).update(**{field: name})


def test_old_uploads_are_renamed_with_their_copies(
    client, settings, django_capture_on_commit_callbacks
):
    group = CommunityGroupFactory(image_alt="A photo")
    stored_under_old_name(group, "image", "groups/IMG_1234.jpg", ["groups/IMG_1234-480w.jpg"])
    story = MemberStoryFactory(image_alt="Amina")
    stored_under_old_name(story, "image", "stories/amina-smith.png")
    out = io.StringIO()
    call_command("rename_uploads", "--dry-run", stdout=out)
    assert "2 file(s) to rename" in out.getvalue()
    assert CommunityGroup.objects.get(pk=group.pk).image.name == "groups/IMG_1234.jpg"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rename_uploads", stdout=io.StringIO())
    group.refresh_from_db()
    story.refresh_from_db()
    assert re.fullmatch(r"groups/[0-9a-f]{32}\.jpg", group.image.name)
    stem = group.image.name.removesuffix(".jpg")
    assert files_under(settings.MEDIA_ROOT) == {group.image.name, f"{stem}-480w.jpg"}
    assert re.fullmatch(r"stories/[0-9a-f]{32}\.png", story.image.name)
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == {story.image.name}
    assert client.get("/media/groups/IMG_1234.jpg").status_code == 404
    assert client.get(group.image.url).status_code == 200

    out = io.StringIO()
    call_command("rename_uploads", stdout=out)  # again: nothing left to do
    assert "0 file(s) renamed, 0 missing." in out.getvalue()


def test_files_nothing_refers_to_are_removed(settings, group_with_photo):
    story = MemberStoryFactory(image=image_file("amina.png"), image_alt="Amina")
    in_use = files_under(settings.MEDIA_ROOT) | files_under(settings.PRIVATE_MEDIA_ROOT)
    two_hours_ago = time.time() - 2 * 3600
    orphans = [
        settings.MEDIA_ROOT / "groups" / "IMG_0001.jpg",  # replaced before removal existed
        settings.MEDIA_ROOT / "groups" / "IMG_0001-480w.jpg",
        settings.PRIVATE_MEDIA_ROOT / "stories" / "left-by-a-failed-save.png",
    ]
    others = [
        settings.MEDIA_ROOT / "groups" / "being-saved-now.jpg",  # too new to judge
        settings.MEDIA_ROOT / "elsewhere" / "not-an-upload-folder.txt",
    ]
    for path in orphans + others:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    for path in [*orphans, others[1]]:
        os.utime(path, (two_hours_ago, two_hours_ago))

    out = io.StringIO()
    call_command("remove_orphan_uploads", "--dry-run", stdout=out)
    assert "3 file(s) to remove." in out.getvalue()
    assert all(path.exists() for path in orphans)

    call_command("remove_orphan_uploads", stdout=io.StringIO())
    assert not any(path.exists() for path in orphans)
    assert all(path.exists() for path in others)
    remaining = files_under(settings.MEDIA_ROOT) | files_under(settings.PRIVATE_MEDIA_ROOT)
    assert in_use <= remaining
    assert story.image.name in remaining


def test_a_deleted_group_is_recovered_without_its_removed_picture(
    admin_client, settings, group_with_photo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delete_in_admin(admin_client, group_with_photo)
    assert files_under(settings.MEDIA_ROOT) == set()
    version = Version.objects.get_deleted(CommunityGroup).get()
    url = reverse("admin:groups_communitygroup_recover", args=[version.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = form_data(page, "communitygroup_form")
    response = admin_client.post(url, data, follow=True)
    assert "Upload it again if it is wanted" in text(response)
    restored = CommunityGroup.objects.get()
    assert restored.summary == "People who use services and carers."
    assert not restored.image


def test_a_revert_leaves_a_sections_removed_picture_empty(
    admin_client, settings, django_capture_on_commit_callbacks
):
    issue = IssueFactory()
    SectionFactory(issue=issue, heading="News", image=photo(), image_alt="A photo")
    change_in_admin(admin_client, issue)  # the first version, with the first picture
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(admin_client, issue, **{"sections-0-image": photo("new.jpg")})
    section = issue.sections.get()
    assert len(files_under(settings.MEDIA_ROOT)) == 3  # the new picture and its copies
    first = Version.objects.get_for_object(issue).last()
    url = reverse("admin:newsletters_issue_revision", args=[issue.pk, first.pk])
    data = form_data(admin_client.get(url), "issue_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data, follow=True)
    assert "Upload it again if it is wanted" in text(response)
    section.refresh_from_db()
    assert (section.heading, section.image.name, section.image_width) == ("News", "", None)
    assert files_under(settings.MEDIA_ROOT) == set()
