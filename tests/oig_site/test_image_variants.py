"""The smaller copies of a picture are recorded when they are made, so showing a page lists
them in ``srcset`` without asking the storage which files exist (on an object store every
question is a request over the network)."""

import importlib

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage

from groups.models import CommunityGroup
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    SectionFactory,
    image_file,
)
from tests.html import tags

pytestmark = pytest.mark.django_db

# Everything a storage can be asked that is more than building an address from a name.
STORAGE_QUESTIONS = (
    "exists",
    "_open",
    "size",
    "listdir",
    "get_modified_time",
    "get_accessed_time",
    "get_created_time",
    "path",
)


@pytest.fixture
def storage_calls(monkeypatch):
    """Every question put to the local storage from now on, by method name."""
    calls = []
    for name in STORAGE_QUESTIONS:
        original = getattr(FileSystemStorage, name)

        def spy(self, *args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(FileSystemStorage, name, spy)
    return calls


def picture(size=(1200, 800)):
    return {"image": image_file("photo.jpg", size, "JPEG"), "image_alt": "Members at a table"}


def page_images(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    return [i for i in tags(response, "img") if i.get("class") == "page-image"]


def test_the_copies_made_are_recorded_with_the_picture():
    group = CommunityGroupFactory(**picture((1200, 800)))
    assert CommunityGroup.objects.get(pk=group.pk).image_variants == [480, 960]


def test_a_picture_saved_outside_the_admin_records_its_size():
    """Read from the picture being stored: loading the row never opens the file to measure it."""
    group = CommunityGroupFactory(**picture((1200, 800)))
    stored = CommunityGroup.objects.get(pk=group.pk)
    assert (stored.image_width, stored.image_height) == (1200, 800)


def test_a_small_picture_records_no_copies():
    group = CommunityGroupFactory(**picture((400, 300)))
    assert CommunityGroup.objects.get(pk=group.pk).image_variants == []


def test_removing_the_picture_forgets_its_copies():
    group = CommunityGroupFactory(**picture((1200, 800)))
    group.image = ""
    group.image_alt = ""
    group.save()
    assert CommunityGroup.objects.get(pk=group.pk).image_variants == []


def test_a_replaced_picture_records_the_copies_of_the_new_one():
    group = CommunityGroupFactory(**picture((1200, 800)))
    group.image = image_file("wide.jpg", (2000, 1000), "JPEG")
    group.save()
    assert CommunityGroup.objects.get(pk=group.pk).image_variants == [480, 960, 1600]


def test_pages_with_pictures_ask_the_storage_nothing(client, storage_calls):
    group = CommunityGroupFactory(**picture())
    activity = ActivityFactory(groups=[group], **picture((1000, 600)))
    issue = IssueFactory(**picture((500, 400)))
    SectionFactory(issue=issue, **picture((2000, 1000)))
    storage_calls.clear()

    [group_image] = page_images(client, group.get_absolute_url())
    [activity_image] = page_images(client, activity.get_absolute_url())
    issue_image, section_image = page_images(client, issue.get_absolute_url())

    assert storage_calls == []
    assert [c.split()[1] for c in group_image["srcset"].split(", ")] == ["480w", "960w", "1200w"]
    assert [c.split()[1] for c in activity_image["srcset"].split(", ")] == [
        "480w",
        "960w",
        "1000w",
    ]
    assert [c.split()[1] for c in issue_image["srcset"].split(", ")] == ["480w", "500w"]
    assert len(section_image["srcset"].split(", ")) == 4


def test_pictures_stored_before_have_their_copies_found_once(settings):
    """The migration that added the record checks storage for each picture stored before."""
    group = CommunityGroupFactory(**picture((1200, 800)))
    (settings.MEDIA_ROOT / group.image.name.replace(".jpg", "-960w.jpg")).unlink()
    CommunityGroup.objects.filter(pk=group.pk).update(image_variants=[])
    migration = importlib.import_module("groups.migrations.0008_image_variants")

    migration.record_variants(apps, None)

    assert CommunityGroup.objects.get(pk=group.pk).image_variants == [480]
