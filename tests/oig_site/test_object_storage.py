"""Uploads kept in S3-compatible object storage (several servers share them): public uploads
readable at their address, private ones (story photos) never publicly readable and served only
through the checked view; random names, smaller copies, clean-up and the upload commands work
the same as with local files. S3 is moto's in-process mock."""

import io
import re
from datetime import timedelta

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws
from PIL import Image

from groups.models import CommunityGroup, MemberStory
from groups.services import story_withdraw_consent
from oig_site.core.storage import ObjectStorage, object_storage_from_env, storage_backends
from tests.factories import CommunityGroupFactory, MemberStoryFactory, image_file
from tests.groups.test_admin import group_form_data
from tests.html import tags
from tests.oig_site.test_uploads import change_in_admin, photo

pytestmark = pytest.mark.django_db

PUBLIC, PRIVATE = "site-uploads", "site-private"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3(settings, monkeypatch):
    """Both buckets in moto's S3, configured as the site's storage."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-2")
        for bucket in (PUBLIC, PRIVATE):
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
            )
        settings.STORAGES = storage_backends(
            static_manifest=False,
            object_storage=ObjectStorage(bucket=PUBLIC, private_bucket=PRIVATE, region="eu-west-2"),
        )
        yield client


def keys(client, bucket) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def readable_by_anyone(client, bucket, key) -> bool:
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return any(g["Grantee"].get("URI") == ALL_USERS for g in grants)


def test_public_uploads_are_stored_in_the_bucket_with_their_copies_and_readable(
    s3, admin_client, client
):
    response = admin_client.post(
        reverse("admin:groups_communitygroup_add"),
        group_form_data(image=photo("Jane Smith at the meeting.jpg"), image_alt="Members"),
    )
    assert response.status_code == 302
    group = CommunityGroup.objects.get()
    stem = group.image.name.removesuffix(".jpg")
    assert re.fullmatch(r"groups/[0-9a-f]{32}", stem)
    assert keys(s3, PUBLIC) == {group.image.name, f"{stem}-480w.jpg", f"{stem}-960w.jpg"}
    assert keys(s3, PRIVATE) == set()
    assert all(readable_by_anyone(s3, PUBLIC, key) for key in keys(s3, PUBLIC))
    assert (group.image_width, group.image_height, group.image_variants) == (1200, 800, [480, 960])

    client.logout()
    [image] = [i for i in tags(client.get(group.get_absolute_url()), "img") if "srcset" in i]
    address = f"https://{PUBLIC}.s3.eu-west-2.amazonaws.com/"
    assert image["src"] == f"{address}{group.image.name}"  # unsigned: one address for caches
    assert image["srcset"].split(", ")[0] == f"{address}{stem}-480w.jpg 480w"


def test_showing_a_page_sends_no_request_to_the_object_store(s3, client, settings):
    group = CommunityGroupFactory(image=photo(), image_alt="Members")
    requests = []
    storage = CommunityGroup._meta.get_field("image").storage
    for connection in (storage.connection, storage.unsigned_connection):
        connection.meta.client.meta.events.register(
            "before-send.s3", lambda request, **kwargs: requests.append(request.url)
        )

    response = client.get(group.get_absolute_url())

    assert response.status_code == 200
    assert group.image.name in response.text
    assert requests == []
    storage.exists(group.image.name)  # the spy sees a question to the storage
    assert len(requests) == 1


@pytest.mark.parametrize(
    "object_storage",
    [
        ObjectStorage(bucket=PUBLIC, private_bucket=PRIVATE, region="eu-west-2"),
        ObjectStorage(bucket=PUBLIC, private_bucket=PRIVATE, region="us-east-1"),
        ObjectStorage(bucket=PUBLIC, private_bucket=PRIVATE, endpoint_url="http://127.0.0.1:92/"),
        ObjectStorage(bucket=PUBLIC, private_bucket=PRIVATE, custom_domain="media.example.org"),
    ],
    ids=["Amazon", "Amazon's first region", "another provider", "a CDN"],
)
def test_the_page_may_load_pictures_from_the_bucket(settings, object_storage):
    """The Content-Security-Policy names the origin the public uploads' addresses have."""
    settings.STORAGES = storage_backends(static_manifest=False, object_storage=object_storage)
    address = CommunityGroup._meta.get_field("image").storage.url("groups/a.jpg")
    assert address.startswith(f"{object_storage.public_origin()}/")


def test_story_photos_are_private_in_their_own_bucket_and_served_only_with_consent(s3, client):
    story = MemberStoryFactory(image=image_file("amina-smith.png"), image_alt="Amina")
    assert keys(s3, PRIVATE) == {story.image.name}
    assert "amina" not in story.image.name
    assert keys(s3, PUBLIC) == set()
    assert not readable_by_anyone(s3, PRIVATE, story.image.name)
    assert story.image.url == ""  # no address, not even a signed one, to pass on

    photo_view = client.get(story.get_photo_url())
    assert photo_view.status_code == 200
    assert b"".join(photo_view.streaming_content).startswith(b"\x89PNG")

    story_withdraw_consent(story=MemberStory.objects.get(pk=story.pk))
    assert client.get(story.get_photo_url()).status_code == 404
    assert keys(s3, PRIVATE) == {story.image.name}  # kept, not deleted


def test_a_replaced_picture_and_its_copies_are_removed_from_the_bucket(
    s3, admin_client, django_capture_on_commit_callbacks
):
    group = CommunityGroupFactory(image=photo(), image_alt="Members")
    old = keys(s3, PUBLIC)
    assert len(old) == 3
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(admin_client, group, image=photo(size=(600, 400), colour="green"))
    group.refresh_from_db()
    stem = group.image.name.removesuffix(".jpg")
    assert keys(s3, PUBLIC) == {group.image.name, f"{stem}-480w.jpg"}
    assert not old & keys(s3, PUBLIC)

    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert keys(s3, PUBLIC) == set()


def test_files_nothing_refers_to_are_removed_from_the_buckets(s3):
    group = CommunityGroupFactory(image=photo(), image_alt="Members")
    story = MemberStoryFactory(image=image_file(), image_alt="Amina")
    in_use = keys(s3, PUBLIC) | keys(s3, PRIVATE)
    s3.put_object(Bucket=PUBLIC, Key="groups/IMG_0001.jpg", Body=b"x")
    s3.put_object(Bucket=PRIVATE, Key="stories/left-by-a-failed-save.png", Body=b"x")
    s3.put_object(Bucket=PUBLIC, Key="elsewhere/not-an-upload-folder.txt", Body=b"x")

    out = io.StringIO()
    call_command("remove_orphan_uploads", "--min-age-hours", "0", stdout=out)

    assert "2 file(s) removed." in out.getvalue()
    assert keys(s3, PUBLIC) | keys(s3, PRIVATE) == in_use | {"elsewhere/not-an-upload-folder.txt"}
    assert {group.image.name, story.image.name} <= in_use


def test_files_being_saved_now_are_left_alone(s3):
    s3.put_object(Bucket=PUBLIC, Key="groups/being-saved-now.jpg", Body=b"x")
    call_command("remove_orphan_uploads", stdout=io.StringIO())
    assert keys(s3, PUBLIC) == {"groups/being-saved-now.jpg"}
    stored = CommunityGroup._meta.get_field("image").storage
    assert stored.get_modified_time("groups/being-saved-now.jpg") > timezone.now() - timedelta(
        minutes=5
    )


def test_old_uploads_in_the_bucket_get_random_names(s3, django_capture_on_commit_callbacks):
    group = CommunityGroupFactory(image_alt="A photo")
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), "purple").save(buffer, "JPEG")
    storage = CommunityGroup._meta.get_field("image").storage
    storage.save("groups/IMG_1234.jpg", ContentFile(buffer.getvalue()))
    storage.save("groups/IMG_1234-480w.jpg", ContentFile(buffer.getvalue()))
    CommunityGroup.objects.filter(pk=group.pk).update(image="groups/IMG_1234.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rename_uploads", stdout=io.StringIO())

    group.refresh_from_db()
    stem = group.image.name.removesuffix(".jpg")
    assert re.fullmatch(r"groups/[0-9a-f]{32}", stem)
    assert keys(s3, PUBLIC) == {group.image.name, f"{stem}-480w.jpg"}


def test_the_environment_chooses_object_storage():
    assert object_storage_from_env({}) is None
    assert object_storage_from_env(
        {
            "DJANGO_S3_BUCKET": "uploads",
            "DJANGO_S3_PRIVATE_BUCKET": "private",
            "DJANGO_S3_ENDPOINT_URL": "https://s3.example.org",
            "DJANGO_S3_REGION": "eu-west-2",
            "DJANGO_S3_PUBLIC_ACL": "",
        }
    ) == ObjectStorage(
        bucket="uploads",
        private_bucket="private",
        endpoint_url="https://s3.example.org",
        region="eu-west-2",
        public_acl="",
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DJANGO_S3_BUCKET": "uploads"}, "Set both DJANGO_S3_BUCKET and DJANGO_S3_PRIVATE"),
        ({"DJANGO_S3_PRIVATE_BUCKET": "private"}, "Set both DJANGO_S3_BUCKET and"),
        (
            {"DJANGO_S3_BUCKET": "same", "DJANGO_S3_PRIVATE_BUCKET": "same"},
            "must differ from DJANGO_S3_BUCKET",
        ),
    ],
)
def test_half_configured_object_storage_stops_start_up(environ, message):
    with pytest.raises(Exception, match=message):
        object_storage_from_env(environ)
