import datetime as dt

import pytest

from tests.factories import (
    AskFactory,
    CommunityGroupFactory,
    OrganisationFactory,
    TopicFactory,
    ask_update,
)


@pytest.fixture
def oig(db):
    return CommunityGroupFactory(name="Oxford Influence Group", slug="oxford-influence-group")


@pytest.fixture
def board(db):
    return CommunityGroupFactory(name="Team-Up Board", slug="team-up-board")


@pytest.fixture
def housing(db):
    return TopicFactory(name="Housing", slug="housing")


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Oxford City Council", slug="oxford-city-council")


@pytest.fixture
def landlord(db):
    return OrganisationFactory(name="Riverside Housing", slug="riverside-housing")


@pytest.fixture
def ledger(oig, housing, council, landlord):
    """Three asks of the OIG: one done (the council answered after 10 days), one committed
    (the landlord answered after 30 days), one with no response."""
    done = AskFactory(
        title="Redesign the reception",
        slug="redesign-the-reception",
        groups=[oig],
        organisations=[council],
        raised_on=dt.date(2024, 1, 10),
    )
    ask_update(done, "raised")
    ask_update(done, "acknowledged", 10, note="They said thank you.")
    ask_update(done, "done", 100, note="The new reception opened.")
    committed = AskFactory(
        title="Work with tenants",
        slug="work-with-tenants",
        groups=[oig],
        organisations=[landlord, council],
        topics=[housing],
        raised_on=dt.date(2024, 3, 1),
    )
    ask_update(committed, "raised")
    ask_update(committed, "commitment", 30, note="They will hold a tenants' panel.")
    silent = AskFactory(
        title="Answer the phone",
        slug="answer-the-phone",
        groups=[oig],
        organisations=[council],
        raised_on=dt.date(2024, 6, 1),
    )
    ask_update(silent, "raised")
    ask_update(silent, "no-response", 60)
    return {"done": done, "committed": committed, "silent": silent}
