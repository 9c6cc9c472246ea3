"""Groups that no longer meet come after those that do, wherever groups are listed, and say so
in words (not by colour alone)."""

import re

import pytest
from django.urls import reverse

from groups.models import GroupEasyReadLine
from tests.factories import CommunityGroupFactory, OrganisationFactory, PartnershipFactory
from tests.html import text

pytestmark = pytest.mark.django_db

MARK = "No longer meeting"


@pytest.fixture
def three_groups(housing):
    """An inactive group whose name comes first, and two that still meet."""
    return [
        CommunityGroupFactory(
            name="Abbey Tenants", slug="abbey", is_active=False, topics=[housing]
        ),
        CommunityGroupFactory(name="Botley Parents", slug="botley", topics=[housing]),
        CommunityGroupFactory(name="Cowley Carers", slug="cowley", topics=[housing]),
    ]


def order_of(body: str, names: list[str]) -> list[str]:
    """``names`` in the order they first appear in ``body``."""
    return sorted(names, key=body.index)


NAMES = ["Abbey Tenants", "Botley Parents", "Cowley Carers"]
ACTIVE_FIRST = ["Botley Parents", "Cowley Carers", "Abbey Tenants"]


def card_of(body: str, name: str) -> str:
    cards = re.findall(r'<article class="card-item[^"]*">.*?</article>', body, re.S)
    return next(card for card in cards if name in card)


def test_the_groups_directory_lists_inactive_groups_last_and_marked(client, three_groups):
    body = text(client.get(reverse("groups:group_list")))
    assert order_of(body, NAMES) == ACTIVE_FIRST
    assert MARK in card_of(body, "Abbey Tenants")
    assert MARK not in card_of(body, "Botley Parents")


def test_a_filtered_directory_keeps_inactive_groups_last(client, three_groups):
    body = text(client.get(reverse("groups:group_list") + "?topic=housing"))
    assert order_of(body, NAMES) == ACTIVE_FIRST


def test_a_topic_page_lists_inactive_groups_last_and_marked(client, three_groups, housing):
    body = text(client.get(housing.get_absolute_url()))
    assert order_of(body, NAMES) == ACTIVE_FIRST
    assert MARK in card_of(body, "Abbey Tenants")


def test_an_organisation_page_lists_inactive_groups_last_and_marked(client, three_groups):
    trust = OrganisationFactory(name="Oxford Trust")
    for group in three_groups:
        PartnershipFactory(group=group, organisation=trust, role="funder")
    body = text(client.get(trust.get_absolute_url()))
    assert order_of(body, NAMES) == ACTIVE_FIRST
    assert "Abbey Tenants</a> (no longer meeting)" in body
    assert "Botley Parents</a> (no longer meeting)" not in body


def test_the_easy_read_index_lists_inactive_groups_last_and_marked(client, three_groups):
    for group in three_groups:
        GroupEasyReadLine.objects.create(group=group, position=1, text="We meet here.")
    body = text(client.get(reverse("easy_read_index")))
    assert order_of(body, NAMES) == ACTIVE_FIRST
    assert "Abbey Tenants</a> (no longer meeting)" in body


def test_search_results_mark_a_group_that_no_longer_meets(client, three_groups):
    body = text(client.get(reverse("search") + "?q=Abbey+Tenants"))
    assert "Abbey Tenants" in body
    assert f'<p class="count">{MARK}</p>' in body
    body = text(client.get(reverse("search") + "?q=Botley+Parents"))
    assert MARK not in body
