import datetime as dt

import pytest
from django.utils import timezone

from newsletters.models import Subscriber, Subscription
from tests.factories import (
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    SectionFactory,
)


@pytest.fixture
def board(db):
    return CommunityGroupFactory(name="Team-Up Board", slug="team-up-board")


@pytest.fixture
def working_together(board):
    return NewsletterFactory(
        name="Working Together",
        slug="working-together",
        groups=[board],
        editors_email="editors@example.org",
    )


@pytest.fixture
def autumn(working_together):
    issue = IssueFactory(
        newsletter=working_together,
        title="Autumn 2020",
        slug="autumn-2020",
        issue_date=dt.date(2020, 10, 1),
        introduction="<p>Welcome from OCC.</p>",
        editors="Gemma Humphrey, Co-evaluation Officer\nNick Lewis, Board member",
        design_credit="Jason Felstead, Care Governance Lead",
    )
    SectionFactory(
        issue=issue,
        position=1,
        heading="Reflections on Co-production Week",
        author="A. Writer",
        author_role="Board member",
        body="<p>The week brought people together. SCIE published its evaluation.</p>",
    )
    SectionFactory(
        issue=issue,
        position=2,
        heading="Question corner",
        is_question_corner=True,
        body="<p>Send us your questions.</p>",
    )
    issue.glossary.create(term="OCC", meaning="Oxfordshire County Council")
    issue.glossary.create(term="SCIE", meaning="Social Care Institute for Excellence")
    return issue


@pytest.fixture
def marked(autumn):
    """The autumn issue, marked for sending by an editor."""
    autumn.send_requested_at = timezone.now()
    autumn.save()
    return autumn


@pytest.fixture
def summer(working_together):
    return IssueFactory(
        newsletter=working_together,
        title="Summer 2020",
        slug="summer-2020",
        issue_date=dt.date(2020, 6, 15),
    )


@pytest.fixture
def subscribers():
    """Make ``n`` confirmed subscribers of ``newsletter`` quickly."""

    def make(n, newsletter, prefix="reader"):
        now = timezone.now()
        people = Subscriber.objects.bulk_create(
            Subscriber(
                email=f"{prefix}{i}@example.org",
                consent_at=now,
                consent_source="test",
                confirmed_at=now,
            )
            for i in range(n)
        )
        Subscription.objects.bulk_create(
            Subscription(subscriber=person, newsletter=newsletter) for person in people
        )
        return people

    return make


@pytest.fixture
def clock(monkeypatch):
    """The site's clock, moved on by hand (nothing waits for real time)."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += dt.timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake
