import time

import pytest

from oig_site.core.spam import form_started_token
from tests.factories import CommunityGroupFactory, staff_member


def started_a_minute_ago() -> str:
    """The hidden start time of a form drawn a minute ago, as a person would send it."""
    return form_started_token(now=time.time() - 60)


def enquiry_data(**overrides) -> dict:
    """What a person filling in the form sends."""
    return {
        "name": "Sam",
        "email": "sam@example.org",
        "phone": "",
        "interest": "join",
        "message": "I rent from a housing association and would like to join.",
        "access_needs": "Step-free access, please.",
        "consent": "on",
        "website": "",
        "started": started_a_minute_ago(),
        **overrides,
    }


@pytest.fixture
def other_group(db):
    return CommunityGroupFactory(name="Team-Up Board", slug="team-up-board")


@pytest.fixture
def coordinator(influence_group):
    return staff_member("cora", "cora@example.org", groups=[influence_group], password="x")


@pytest.fixture
def other_coordinator(other_group):
    return staff_member("otto", "otto@example.org", groups=[other_group], password="x")
