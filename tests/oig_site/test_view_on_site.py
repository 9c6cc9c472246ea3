"""The admin's "view on site" redirect (/admin/r/<type>/<id>/) reveals no address that the user
could not see in the admin: not another group's objects, nor the parts shown inside other
pages."""

import pytest
from django.contrib.contenttypes.models import ContentType

from groups.models import GroupAim, GroupLink, Partnership
from newsletters.models import GlossaryTerm, Subscription
from tests.factories import (
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    OrganisationFactory,
    SectionFactory,
    SubscriberFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


def parts_of(group, name):
    newsletter = NewsletterFactory(groups=[group], name=f"{name} news", slug=f"{name}-news")
    issue = IssueFactory(newsletter=newsletter, slug=f"{name}-issue", status="draft")
    return {
        "aim": GroupAim.objects.create(group=group, position=1, text="An aim"),
        "link": GroupLink.objects.create(group=group, label="Site", url="https://example.org/"),
        "partnership": Partnership.objects.create(
            group=group, organisation=OrganisationFactory(name=f"{name} org"), role="host"
        ),
        "section": SectionFactory(issue=issue, heading=f"{name} secret plans"),
        "glossary": GlossaryTerm.objects.create(issue=issue, term="OCC", meaning="A council"),
        "subscription": Subscription.objects.create(
            subscriber=SubscriberFactory(), newsletter=newsletter
        ),
    }


@pytest.fixture
def coordinator(django_user_model):
    return staff_member("coord", "c@example.org")


def view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")


@pytest.mark.parametrize(
    "part", ["aim", "link", "partnership", "section", "glossary", "subscription"]
)
def test_another_draft_groups_parts_are_not_found(client, coordinator, part):
    own = CommunityGroupFactory(name="Own group", slug="own-group")
    own.coordinators.add(coordinator)
    theirs = CommunityGroupFactory(name="Secret group", slug="secret-draft-group", status="draft")
    obj = parts_of(theirs, "secret")[part]
    client.force_login(coordinator)
    response = view_on_site(client, obj)
    assert response.status_code == 404
    assert "secret" not in response.get("Location", "")


def test_own_group_page_still_redirects(client, coordinator):
    own = CommunityGroupFactory(name="Own group", slug="own-group")
    own.coordinators.add(coordinator)
    client.force_login(coordinator)
    response = view_on_site(client, own)
    assert response.status_code == 302
    assert response["Location"].endswith(own.get_absolute_url())


@pytest.mark.parametrize("object_id", ["abc", "-1", "99999999999999999999999", "1.5"])
def test_bad_ids_are_not_found(admin_client, object_id):
    group = CommunityGroupFactory()
    content_type = ContentType.objects.get_for_model(group)
    assert admin_client.get(f"/admin/r/{content_type.pk}/{object_id}/").status_code == 404


def test_unknown_content_type_is_not_found(admin_client):
    assert admin_client.get("/admin/r/999999/1/").status_code == 404
