"""Templates never query: a page's view fetches everything its template shows, so the page's
queries are all made, and counted, in its view (see ``oig_site.core.views.fetched``).

Each page is built by its view, then its template is rendered with no query allowed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve

from activities.models import Activity
from groups.models import CommunityGroup, MemberStory, Organisation, Topic
from newsletters.models import Issue, Newsletter


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


def addresses():
    """One address of every kind of public page, with demo content that fills it."""
    group = CommunityGroup.objects.published().filter(newsletters__isnull=False).first()
    newsletter = Newsletter.objects.published().first()
    return [
        "/",
        "/about-co-production/",
        "/groups/",
        "/groups/?topic=" + Topic.objects.published().first().slug,
        group.get_absolute_url(),
        CommunityGroup.objects.published()
        .filter(newsletters__isnull=True)
        .first()
        .get_absolute_url(),
        "/topics/",
        Topic.objects.published().first().get_absolute_url(),
        Organisation.objects.published().first().get_absolute_url(),
        MemberStory.objects.published().first().get_absolute_url(),
        "/activities/",
        "/activities/?kind=campaign&page=2",
        f"/groups/{group.slug}/activities/",
        f"/groups/{group.slug}/impact/",
        "/whats-on/",
        Activity.objects.published().past().first().get_absolute_url(),
        "/newsletters/",
        "/newsletters/?q=housing",
        newsletter.get_absolute_url(),
        Issue.objects.published().first().get_absolute_url(),
        f"/newsletters/subscribe/?newsletter={newsletter.slug}",
        "/search/?q=housing",
        "/search/?q=housing&kind=newsletters",
        "/search/?q=Parnet+Powr",
        "/search/?q=wombats",
    ]


def test_no_template_queries(demo, rf: RequestFactory, django_assert_num_queries):
    checked = []
    for address in addresses():
        request = rf.get(address)
        request.user = AnonymousUser()
        match = resolve(request.path_info)
        response = match.func(request, *match.args, **match.kwargs)
        assert response.status_code == 200, address
        if hasattr(response, "render") and not response.is_rendered:
            with django_assert_num_queries(0, info=f"while rendering {address}"):
                response.render()
        checked.append(address)
    assert len(checked) == 25
