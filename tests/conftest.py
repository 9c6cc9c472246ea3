import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from oig_site.core import pagecache
from oig_site.core.storage import storage_backends
from tests.factories import (
    CommunityGroupFactory,
    GroupAimFactory,
    MemberStoryFactory,
    OrganisationFactory,
    PartnershipFactory,
    TopicFactory,
    staff_member,
)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` check what only PostgreSQL does (its full-text search): they
    are left out when the tests run on SQLite, and run on PostgreSQL (CI runs both)."""
    if "postgresql" in django_settings.DATABASES["default"]["ENGINE"]:
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast password hashing, plain static files and a throwaway folder for uploads."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = storage_backends(static_manifest=False)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.BACKGROUND_THREADS = False  # work "after the response" runs in step


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The page cache stays on for every test, emptied before it (the sitemap files are cached
    too): every test that changes something and then reads a page also proves that
    the change reaches the page at once. The test database starts empty, so nothing is scheduled
    yet (a fresh version, read with no query)."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    pagecache.reset(next_at=None)


@pytest.fixture
def housing(db):
    return TopicFactory(name="Housing", slug="housing")


@pytest.fixture
def families(db):
    return TopicFactory(name="Families", slug="families")


@pytest.fixture
def influence_group(housing):
    """A published group with aims, a host and a published story, like the real OIG."""
    group = CommunityGroupFactory(
        name="Oxford Influence Group",
        slug="oxford-influence-group",
        area="Oxford",
        summary="People who came to Citizens Advice Oxford for support.",
        email="oig@example.org",
        topics=[housing],
    )
    GroupAimFactory(group=group, position=2, text="Second aim: call for social change.")
    GroupAimFactory(group=group, position=1, text="First aim: be heard in policy design.")
    PartnershipFactory(
        group=group,
        organisation=OrganisationFactory(name="Citizens Advice Oxford"),
        role="host",
    )
    MemberStoryFactory(group=group, title="From the waiting room", slug="from-the-waiting-room")
    return group


@pytest.fixture
def parent_power(families):
    return CommunityGroupFactory(
        name="Parent Power",
        slug="parent-power",
        area="Blackbird Leys, Oxford",
        summary="Parents leading change in Blackbird Leys.",
        topics=[families],
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password="correct horse battery staple"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def coordinator_client(client):
    """A client signed in as the coordinator of one group, Parent Power (``client.group``)."""
    group = CommunityGroupFactory(name="Parent Power", slug="parent-power")
    user = staff_member("coordinator", "coordinator@example.org", groups=[group])
    client.force_login(user)
    client.group = group
    return client
