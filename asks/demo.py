"""Demo content for the asks ledger: what the first groups asked for, of whom, and what
happened. The facts give few exact days: where a date is approximate, its line says so."""

import datetime as dt

from asks.models import Ask, AskUpdate, UpdateKind
from groups.models import CommunityGroup, MemberStory, Organisation, Topic
from oig_site.core.demo import upsert
from oig_site.core.publishing import Status

U = UpdateKind
PUBLISHED_ON = dt.datetime(2020, 9, 1, 9, 0, tzinfo=dt.UTC)

OIG = "oxford-influence-group"
PP = "parent-power"
TEAM_UP = "team-up-co-production-board"

# The bodies asked that are not already partner organisations in the groups' demo content.
BODIES = {
    "oxford-city-council": (
        "Oxford City Council",
        "https://www.oxford.gov.uk/",
        "The city council for Oxford. Its Housing Scrutiny Committee checks how housing in the "
        "city is run.",
    ),
    "oxford-housing-associations": (
        "Housing associations in Oxford",
        "",
        "The housing associations that rent homes to tenants in Oxford.",
    ),
}


def asks() -> list[dict]:
    return [
        {
            "slug": "housing-associations-work-with-their-tenants",
            "title": "Housing associations should work with their tenants as equals",
            "groups": [OIG],
            "bodies": ["oxford-housing-associations"],
            "topics": ["housing"],
            "raised_on": dt.date(2020, 3, 4),  # approximate: the tenant forum talk
            "text": "Many of our members rent from housing associations. We asked housing "
            "associations in Oxford to give every tenant a say. That means telling tenants what "
            "is happening, answering when they get in touch, and planning changes with them.",
            "activities": ["talk-at-a-tenant-forum", "tenants-without-a-voice-online-meeting"],
            "stories": ["from-the-waiting-room-to-the-committee-room"],
            "updates": [
                (dt.date(2020, 3, 4), U.RAISED, "We gave a talk at a tenant forum."),  # approx.
                (
                    dt.date(2020, 7, 23),
                    U.RAISED,
                    "We met ten tenants whose landlords give them no say. A report of the "
                    "meeting was written.",
                ),
                (
                    dt.date(2020, 9, 30),  # approximate
                    U.NO_RESPONSE,
                    "No housing association has answered yet.",
                ),
            ],
        },
        {
            "slug": "tenants-in-the-housing-scrutiny-review",
            "title": "Include tenants' experience in the review of housing associations",
            "groups": [OIG],
            "bodies": ["oxford-city-council"],
            "topics": ["housing"],
            "raised_on": dt.date(2019, 11, 5),  # approximate, as the hearing's date
            "text": "We told the Housing Scrutiny Committee what it is like to wait for repairs. "
            "We asked the committee to hear from tenants when it reviews how housing "
            "associations are doing.",
            "activities": ["housing-scrutiny-committee"],
            "updates": [
                (dt.date(2019, 11, 5), U.RAISED, "We spoke at the committee."),  # approximate
                (
                    dt.date(2019, 11, 5),  # approximate
                    U.COMMITMENT,
                    "Councillors agreed to include tenants' experience in their review.",
                ),
            ],
        },
        {
            "slug": "a-calmer-reception-at-citizens-advice-oxford",
            "title": "A calmer reception area that is easier to find your way around",
            "groups": [OIG],
            "bodies": ["citizens-advice-oxford"],
            "topics": ["community"],
            "raised_on": dt.date(2019, 12, 2),  # approximate
            "text": "Many of us first came to Citizens Advice Oxford for help. We asked for a "
            "reception area that is calmer, with clear signs, so people feel welcome.",
            "activities": ["redesigning-the-reception-area"],
            "updates": [
                (dt.date(2019, 12, 2), U.RAISED, "We asked the staff."),  # approximate
                (
                    dt.date(2019, 12, 16),  # approximate
                    U.ACKNOWLEDGED,
                    "Staff asked us to help redesign it.",
                ),
                (
                    dt.date(2020, 1, 21),  # approximate
                    U.DONE,
                    "The reception was rearranged with clearer signs and a quieter space.",
                ),
            ],
        },
        {
            "slug": "a-leisure-centre-for-local-families",
            "title": "Make the leisure centre easier for local families to use",
            "groups": [PP],
            "bodies": ["oxford-city-council"],
            "topics": ["families"],
            "raised_on": dt.date(2020, 2, 10),  # approximate
            "text": "Parents in Blackbird Leys asked for the leisure centre to be easier for "
            "local families to use: times, prices and information that work for them.",
            "updates": [
                (dt.date(2020, 2, 10), U.RAISED, "Parents wrote down what gets in the way."),
                (
                    dt.date(2020, 6, 1),  # approximate
                    U.RESPONSE,
                    "The council said it would look at what parents told it.",
                ),
            ],
        },
        {
            "slug": "services-designed-with-parents",
            "title": "Design family services with the parents who use them",
            "groups": [PP],
            "bodies": ["oxfordshire-county-council"],
            "topics": ["families"],
            "raised_on": dt.date(2020, 5, 11),  # approximate
            "text": "Parents with lived experience of support services know what helps. We asked "
            "for them to be in the room, and paid, when family services are planned.",
            "updates": [(dt.date(2020, 5, 11), U.RAISED, "We shared our lessons.")],  # approx.
        },
        {
            "slug": "co-production-in-every-service",
            "title": "Every council service should co-produce with the people who use it",
            "groups": [TEAM_UP],
            "bodies": ["oxfordshire-county-council"],
            "topics": ["social-care"],
            "raised_on": dt.date(2020, 7, 7),
            "text": "An independent evaluation looked at the first two years of the programme. "
            "After it, the board asked the council to make working as equals with the people "
            "who use its services the normal way of working.",
            "updates": [
                (dt.date(2020, 7, 7), U.RAISED, "The board raised it at an open meeting."),
                (
                    dt.date(2020, 8, 17),  # approximate
                    U.PARTLY_DONE,
                    "More services named co-production champions.",
                ),
            ],
        },
    ]


def load(stdout=None) -> None:
    bodies = {
        slug: upsert(Organisation, {"slug": slug}, {"name": n, "website": w, "description": d})
        for slug, (n, w, d) in BODIES.items()
    }
    bodies.update({o.slug: o for o in Organisation.objects.exclude(slug__in=BODIES)})
    groups = {group.slug: group for group in CommunityGroup.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    entries = asks()
    for data in entries:
        ask = upsert(
            Ask,
            {"slug": data["slug"]},
            {
                "title": data["title"],
                "text": data["text"],
                "raised_on": data["raised_on"],
                "status": Status.PUBLISHED,
                "publish_at": PUBLISHED_ON,
            },
        )
        ask.groups.set([groups[slug] for slug in data["groups"]])
        ask.organisations.set([bodies[slug] for slug in data["bodies"]])
        ask.topics.set([topics[slug] for slug in data.get("topics", []) if slug in topics])
        activity_model = Ask._meta.get_field("evidence_activities").related_model
        ask.evidence_activities.set(
            activity_model.objects.filter(slug__in=data.get("activities", []))
        )
        ask.evidence_stories.set(MemberStory.objects.filter(slug__in=data.get("stories", [])))
        for date, kind, note in data["updates"]:
            upsert(AskUpdate, {"ask": ask, "date": date, "kind": kind}, {"note": note})
    if stdout:
        stdout.write(f"Asks: {len(entries)} asks.")


def flush(stdout=None) -> None:
    deleted, _ = Ask.objects.filter(slug__in=[data["slug"] for data in asks()]).delete()
    Organisation.objects.filter(slug__in=BODIES, partnerships__isnull=True).delete()
    if stdout:
        stdout.write(f"Asks: removed the demo asks ({deleted} rows).")
