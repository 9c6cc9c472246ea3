"""Uploaded photos: checked with Pillow, metadata (GPS) stripped, resized once, and shown with
srcset, width and height; alt text required unless the picture is marked decorative."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from groups.models import CommunityGroup
from oig_site.core.images import MAX_BYTES
from tests.factories import CommunityGroupFactory
from tests.groups.test_admin import group_form_data
from tests.html import tags, text

pytestmark = pytest.mark.django_db
GPS_IFD = 0x8825


def jpeg_with_gps(size=(1200, 800)) -> bytes:
    image = Image.new("RGB", size, "purple")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (51.0, 45.0, 7.5)  # latitude: where the photo was taken
    gps[3], gps[4] = "W", (1.0, 15.0, 30.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the test photo has GPS
    return data


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def post_group(admin_client, image):
    return admin_client.post(
        reverse("admin:groups_communitygroup_add"),
        group_form_data(image=image, image_alt="Members around a table"),
    )


def test_location_and_other_metadata_are_stripped(admin_client, settings):
    response = post_group(admin_client, upload(jpeg_with_gps()))
    assert response.status_code == 302
    group = CommunityGroup.objects.get()
    stored = Image.open(settings.MEDIA_ROOT / group.image.name)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert (group.image_width, group.image_height) == (1200, 800)


def test_smaller_copies_are_made_once_and_offered_with_srcset(admin_client, client, settings):
    post_group(admin_client, upload(jpeg_with_gps((1200, 800))))
    group = CommunityGroup.objects.get()
    names = sorted(p.name for p in stored_files(settings))
    stem = group.image.name.rsplit("/", 1)[1].removesuffix(".jpg")
    assert names == sorted([f"{stem}.jpg", f"{stem}-480w.jpg", f"{stem}-960w.jpg"])
    assert Image.open(settings.MEDIA_ROOT / "groups" / f"{stem}-480w.jpg").size == (480, 320)

    client.logout()
    [image] = [
        i
        for i in tags(client.get(group.get_absolute_url()), "img")
        if i.get("class") == "page-image"
    ]
    assert image["srcset"].split(", ") == [
        f"/media/groups/{stem}-480w.jpg 480w",
        f"/media/groups/{stem}-960w.jpg 960w",
        f"/media/groups/{stem}.jpg 1200w",
    ]
    assert image["sizes"] and (image["width"], image["height"]) == ("1200", "800")
    assert image["alt"] == "Members around a table"


def test_a_small_picture_gets_no_copies(admin_client, settings):
    post_group(admin_client, upload(jpeg_with_gps((400, 300))))
    assert len(stored_files(settings)) == 1


def truncated_jpeg() -> bytes:
    return jpeg_with_gps()[:2000]


def too_many_pixels() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 megapixels, a few kilobytes
    return buffer.getvalue()


def bmp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "BMP")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (
            lambda: b"Dear coordinator, this is a letter, not a photo.",
            "letter.jpg",
            "This file is not a picture we can use",
        ),
        (truncated_jpeg, "cut-short.jpg", "damaged or cut short"),
        (too_many_pixels, "bomb.png", "too many pixels"),
        (bmp, "old.bmp", "Upload a JPEG, PNG or WebP picture"),
    ],
    ids=["text renamed .jpg", "truncated", "decompression bomb", "BMP"],
)
def test_bad_pictures_are_refused_with_a_message_and_nothing_stored(
    admin_client, settings, make, name, message
):
    response = post_group(admin_client, upload(make(), name=name))
    assert response.status_code == 200
    assert message in text(response)
    assert not CommunityGroup.objects.exists()
    assert stored_files(settings) == []


def test_an_over_sized_file_is_refused(admin_client, settings, monkeypatch):
    monkeypatch.setattr("oig_site.core.images.MAX_BYTES", 50_000)
    response = post_group(admin_client, upload(jpeg_with_gps((1600, 1200)) + b"\0" * 60_000))
    assert response.status_code == 200
    assert "The picture is too large" in text(response)
    assert stored_files(settings) == []
    assert MAX_BYTES == 10 * 1024 * 1024


def test_a_decorative_picture_needs_no_description_and_has_empty_alt(admin_client, client):
    response = admin_client.post(
        reverse("admin:groups_communitygroup_add"),
        group_form_data(
            image=upload(jpeg_with_gps((300, 200))), image_alt="", image_decorative="on"
        ),
    )
    assert response.status_code == 302
    group = CommunityGroup.objects.get()
    client.logout()
    [image] = [
        i
        for i in tags(client.get(group.get_absolute_url()), "img")
        if i.get("class") == "page-image"
    ]
    assert image["alt"] == ""


def test_without_a_description_a_picture_must_be_marked_decorative(admin_client):
    response = admin_client.post(
        reverse("admin:groups_communitygroup_add"),
        group_form_data(image=upload(jpeg_with_gps((300, 200))), image_alt=""),
    )
    assert response.status_code == 200
    assert "or tick" in text(response)
    assert not CommunityGroup.objects.exists()


def test_pictures_saved_outside_the_admin_are_cleaned_too(settings):
    group = CommunityGroupFactory(image_alt="A photo")
    group.image.save("from-the-shell.jpg", upload(jpeg_with_gps((500, 400))))
    assert dict(Image.open(settings.MEDIA_ROOT / group.image.name).getexif()) == {}
