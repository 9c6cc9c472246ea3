"""Demo content for the activities app: what the first groups have done, and a few upcoming
activities dated from today so that "What's on" is never empty. Where the facts give no exact
day, the demo uses an approximate one (said in the note of each such entry below)."""

import datetime as dt

from django.utils import timezone

from activities.models import AccessNeed, Activity, ActivityLink, SignUp
from activities.services.signups import signup_tally_update
from groups.models import CommunityGroup, Topic
from oig_site.core.demo import upsert
from oig_site.core.holidays import next_working_day
from oig_site.core.publishing import Status

K = Activity.Kind
M = Activity.Mode
PUBLISHED_ON = dt.datetime(2020, 9, 1, 9, 0, tzinfo=dt.UTC)

OIG = "oxford-influence-group"
PP = "parent-power"
TEAM_UP = "team-up-co-production-board"
DUDLEY = "dudley-stronger-communities"


def past_activities() -> list[dict]:
    return [
        {
            "slug": "first-co-production-festival-2019",
            "title": "Oxfordshire's first Co-production Festival",
            "groups": [TEAM_UP, OIG],
            "kind": K.EVENT,
            "start_date": dt.date(2019, 10, 1),  # the facts give the year only
            "mode": M.IN_PERSON,
            "venue": "Oxford",
            "summary": "The board ran the county's first festival of co-production, with people "
            "from across the country. Members of the Oxford Influence Group took part.",
            "engaged_with": "Oxfordshire County Council",
            "topics": ["social-care", "community"],
        },
        {
            "slug": "housing-scrutiny-committee",
            "title": "Speaking to the Housing Scrutiny Committee",
            "groups": [OIG],
            "kind": K.HEARING,
            "start_date": dt.date(2019, 11, 5),  # approximate
            "mode": M.IN_PERSON,
            "venue": "Oxford Town Hall",
            "summary": "Members told Oxford City Council's Housing Scrutiny Committee what it is "
            "like to wait for repairs and to deal with landlords who do not listen.",
            "engaged_with": "Oxford City Council Housing Scrutiny Committee",
            "outcome": "Councillors asked for tenants' experience to be included in the "
            "committee's review of housing association performance.",
            "topics": ["housing"],
        },
        {
            "slug": "bbc-radio-oxford-universal-credit",
            "title": "On BBC Radio Oxford about Universal Credit",
            "groups": [OIG],
            "kind": K.MEDIA,
            "start_date": dt.date(2019, 12, 3),  # approximate
            "mode": M.IN_PERSON,
            "venue": "BBC Radio Oxford studio",
            "summary": "A member spoke on local radio about living on Universal Credit and what "
            "would make the system fairer.",
            "engaged_with": "BBC Radio Oxford",
            "topics": ["benefits"],
        },
        {
            "slug": "campaigning-training-childrens-society",
            "title": "Campaigning training with The Children's Society",
            "groups": [OIG],
            "kind": K.TRAINING,
            "start_date": dt.date(2020, 2, 11),  # approximate
            "mode": M.IN_PERSON,
            "venue": "Citizens Advice Oxford",
            "summary": "Members learned how to plan a campaign and how to use local data to "
            "back up what they know from experience.",
            "engaged_with": "The Children's Society",
            "participants": 8,
            "topics": ["community"],
        },
        {
            "slug": "redesigning-the-reception-area",
            "title": "Redesigning the reception area at Citizens Advice Oxford",
            "groups": [OIG],
            "kind": K.CO_DESIGN,
            "start_date": dt.date(2020, 1, 21),  # approximate
            "mode": M.IN_PERSON,
            "venue": "Citizens Advice Oxford",
            "summary": "Members who had waited in the reception area worked with staff to make "
            "it calmer and easier to find your way.",
            "engaged_with": "Citizens Advice Oxford",
            "outcome": "The reception area was rearranged with clearer signs and a quieter "
            "waiting space.",
            "topics": ["community"],
        },
        {
            "slug": "talk-at-a-tenant-forum",
            "title": "Talk at a tenant forum",
            "groups": [OIG],
            "kind": K.MEETING,
            "start_date": dt.date(2020, 3, 4),  # approximate
            "mode": M.IN_PERSON,
            "venue": "Oxford",
            "summary": "Members spoke to tenants about why housing associations should work "
            "with their tenants as equals.",
            "engaged_with": "Oxford tenant forum",
            "topics": ["housing"],
        },
        {
            "slug": "co-production-week-2020",
            "title": "Co-production Week England 2020",
            "groups": [TEAM_UP, OIG],
            "kind": K.EVENT,
            "start_date": dt.date(2020, 7, 6),
            "end_date": dt.date(2020, 7, 10),
            "mode": M.ONLINE,
            "summary": "A week of online events. Co-production Oxfordshire ran three, all "
            "over-subscribed, with people joining from across Britain and Europe, including "
            "an open board meeting.",
            "description": "<p>21 services and organisations across the county ran events or "
            "shared resources during the week.</p>",
            "engaged_with": "Services and organisations across Oxfordshire",
            "outcome": "All three events were over-subscribed. Delegates called the sessions "
            "insightful, inclusive and welcoming, and asked for more on how to set up a board.",
            "topics": ["social-care", "community"],
        },
        {
            "slug": "scie-evaluation-published",
            "title": "Evaluation of the co-production programme published",
            "groups": [TEAM_UP],
            "kind": K.OTHER,
            "start_date": dt.date(2020, 7, 7),
            "mode": M.ONLINE,
            "summary": "The Social Care Institute for Excellence (SCIE) published its "
            "evaluation of the first two years of the council's co-production programme.",
            "engaged_with": "Social Care Institute for Excellence (SCIE)",
            "topics": ["social-care"],
        },
        {
            "slug": "lessons-from-covid-19",
            "title": "Lessons from COVID-19: how crisis enables collaboration",
            "groups": [TEAM_UP],
            "kind": K.EVENT,
            "start_date": dt.date(2020, 7, 10),
            "start_time": dt.time(10, 0),
            "end_time": dt.time(12, 0),
            "mode": M.ONLINE,
            "summary": "Six speakers from different sectors talked about how working together "
            "changed during the pandemic.",
            "engaged_with": "Speakers from health, social care and the voluntary sector",
            "topics": ["social-care", "community"],
        },
        {
            "slug": "tenants-without-a-voice-online-meeting",
            "title": "Online meeting with tenants who have no say",
            "groups": [OIG],
            "kind": K.MEETING,
            "start_date": dt.date(2020, 7, 23),
            "start_time": dt.time(18, 0),
            "end_time": dt.time(19, 30),
            "mode": M.ONLINE,
            "summary": "The group met ten residents whose housing providers have no way for "
            "tenants to be involved.",
            "description": "<p>A representative of the Oxford Tenant Involvement Groups joined "
            "the group for the first time and wrote a report of the meeting.</p>",
            "engaged_with": "Oxford Tenant Involvement Groups (OTIG)",
            "participants": 10,
            "outcome": "A written report of the tenants' concerns, shared with the Oxford Tenant "
            "Involvement Groups.",
            "topics": ["housing"],
        },
        {
            "slug": "bbc-radio-oxford-make-a-difference",
            "title": "BBC Radio Oxford: Make a Difference interview",
            "groups": [TEAM_UP],
            "kind": K.MEDIA,
            "start_date": dt.date(2020, 8, 16),
            "mode": M.IN_PERSON,
            "venue": "BBC Radio Oxford",
            "summary": "The Co-production Lead and a board member were interviewed for the "
            "station's Make a Difference campaign.",
            "engaged_with": "BBC Radio Oxford",
            "links": [
                (
                    ActivityLink.Kind.LISTEN_AGAIN,
                    "Listen again on BBC Sounds",
                    "https://www.bbc.co.uk/sounds",
                ),
            ],
            "topics": ["disability", "social-care"],
        },
        {
            "slug": "driving-theory-study-group",
            "title": "Driving theory test study group",
            "groups": [PP],
            "kind": K.PEER_SUPPORT,
            "start_date": dt.date(2020, 2, 6),  # approximate
            "mode": M.IN_PERSON,
            "venue": "Blackbird Leys Community Centre",
            "summary": "A group of mothers met each week to study for the driving theory test "
            "together.",
            "participants": 6,
            "topics": ["families"],
        },
        {
            "slug": "leisure-centre-for-local-families",
            "title": "Making the leisure centre work for local families",
            "groups": [PP],
            "kind": K.CAMPAIGN,
            "start_date": dt.date(2020, 3, 10),  # approximate
            "mode": M.IN_PERSON,
            "venue": "Blackbird Leys",
            "summary": "Parents worked to make the local leisure centre easier and cheaper for "
            "families on the estate to use.",
            "engaged_with": "Leisure centre management",
            "topics": ["families", "community"],
        },
        {
            "slug": "stronger-communities-steering-group-2010",
            "title": "Stronger Communities Steering Group meeting",
            "groups": [DUDLEY],
            "kind": K.MEETING,
            "start_date": dt.date(2010, 7, 21),
            "mode": M.IN_PERSON,
            "venue": "Dudley",
            "summary": "The steering group met to plan how residents and community groups "
            "could have more say.",
            "engaged_with": "Dudley Community Partnership",
            "topics": ["community"],
        },
        {
            "slug": "big-society-event-dudley-2010",
            "title": "Big Society event in Dudley",
            "groups": [DUDLEY],
            "kind": K.EVENT,
            "start_date": dt.date(2010, 11, 18),
            "mode": M.IN_PERSON,
            "venue": "Dudley",
            "summary": "117 people from the public, voluntary, community, faith and private "
            "sectors talked in 18 groups about power, inclusion and grassroots activity.",
            "engaged_with": "Dudley Community Partnership",
            "participants": 117,
            "outcome": "Eight themes for action, including support for grassroots activity "
            "and culture change in local government.",
            "topics": ["community"],
        },
        {
            "slug": "first-social-media-surgery-dudley",
            "title": "First social media surgery for local groups",
            "groups": [DUDLEY],
            "kind": K.TRAINING,
            "start_date": dt.date(2011, 4, 14),
            "mode": M.IN_PERSON,
            "venue": "Dudley",
            "summary": "The first of Dudley CVS's monthly drop-in sessions helping community "
            "groups use social media.",
            "engaged_with": "Dudley CVS",
            "topics": ["community"],
        },
        {
            "slug": "inspiring-democracy-focus-group",
            "title": "Inspiring Democracy focus group",
            "groups": [DUDLEY],
            "kind": K.CONSULTATION,
            "start_date": dt.date(2012, 3, 7),
            "start_time": dt.time(18, 30),  # "evening"
            "mode": M.IN_PERSON,
            "venue_to_be_confirmed": True,
            "summary": "An evening focus group for community groups in Dudley borough, part of "
            "national research on how citizens, community groups and councillors work "
            "together.",
            "engaged_with": "Inspiring Democracy research project",
            "topics": ["community"],
        },
        {
            "slug": "inspiring-democracy-feedback-event",
            "title": "Feedback event on the draft guidance",
            "groups": [DUDLEY],
            "kind": K.CONSULTATION,
            "start_date": dt.date(2012, 4, 25),
            "mode": M.IN_PERSON,
            "venue": "Probably Birmingham (the venue was not recorded)",
            "summary": "A chance to comment on the draft guidance written from the focus groups.",
            "engaged_with": "Inspiring Democracy research project",
            "topics": ["community"],
        },
    ]


def upcoming_activities(today: dt.date) -> list[dict]:
    """Events in the coming weeks, each on a working day (never at a weekend or on a bank
    holiday), so the demo never invites people to a meeting on Christmas Day."""
    return [
        {
            "slug": "parent-power-coffee-morning",
            "title": "Parent Power coffee morning",
            "groups": [PP],
            "kind": K.PEER_SUPPORT,
            "start_date": next_working_day(today + dt.timedelta(days=5)),
            "start_time": dt.time(10, 0),
            "end_time": dt.time(11, 30),
            "mode": M.IN_PERSON,
            "venue": "Blackbird Leys Community Centre",
            "summary": "Drop in for a cup of tea, meet other parents and hear what Parent Power "
            "is working on. Children welcome.",
            "access": {"step_free_access": True},
            "access_notes": "There is a play corner for under-fives.",
            "topics": ["families"],
            "places": 20,
            "signups": [
                ("Amira Khan", "amira@example.org", "", [AccessNeed.CHILDCARE]),
                ("Jo Bennett", "", "07700 900123", [AccessNeed.STEP_FREE]),
                ("Sam Okafor", "sam@example.org", "", []),
            ],
        },
        {
            "slug": "influence-group-monthly-meeting",
            "title": "Oxford Influence Group monthly meeting",
            "groups": [OIG],
            "kind": K.MEETING,
            "start_date": next_working_day(today + dt.timedelta(days=9)),
            "start_time": dt.time(14, 0),
            "end_time": dt.time(16, 0),
            "mode": M.BOTH,
            "venue": "Citizens Advice Oxford",
            "online_url": "https://meet.example.org/oxford-influence-group",
            "summary": "The group's regular meeting: news from members, plans for the housing "
            "campaign, and time to support each other.",
            "access": {"step_free_access": True, "hearing_loop": True, "travel_costs_paid": True},
            "topics": ["housing", "benefits"],
            "places": 4,
            "signups": [
                ("Pat Morgan", "pat@example.org", "", [AccessNeed.BSL, AccessNeed.TRAVEL]),
                ("Lee Carter", "lee@example.org", "", [AccessNeed.BSL]),
                ("Chris Doyle", "", "01865 000111", [AccessNeed.HEARING_LOOP]),
                ("Ruth Evans", "ruth@example.org", "", [AccessNeed.LARGE_PRINT]),
                ("Dev Patel", "dev@example.org", "", [AccessNeed.QUIET_SPACE]),
            ],
        },
        {
            "slug": "team-up-open-board-meeting",
            "title": "Team-Up open board meeting",
            "groups": [TEAM_UP],
            "kind": K.MEETING,
            "start_date": next_working_day(today + dt.timedelta(days=16)),
            "start_time": dt.time(10, 0),
            "end_time": dt.time(12, 30),
            "mode": M.ONLINE,
            "online_url": "https://meet.example.org/team-up-board",
            "summary": "Anyone can watch the board at work, and join the 'bring and share' part "
            "with news of co-production in their own service.",
            "access": {"bsl_interpretation": True, "easy_read_materials": True},
            "topics": ["social-care", "disability"],
            "signups": [],
        },
        {
            "slug": "introduction-to-co-production-taster",
            "title": "Introduction to co-production: a taster session",
            "groups": [TEAM_UP, OIG],
            "kind": K.TRAINING,
            "start_date": next_working_day(today + dt.timedelta(days=30)),
            "start_time": dt.time(13, 0),
            "end_time": dt.time(15, 0),
            "mode": M.IN_PERSON,
            "venue_to_be_confirmed": True,
            "summary": "A friendly introduction for anyone curious about co-production, run by "
            "board members and members of the Oxford Influence Group.",
            "access": {
                "step_free_access": True,
                "easy_read_materials": True,
                "travel_costs_paid": True,
            },
            "topics": ["community"],
            "places": 30,
            "signups": [("Morgan Lee", "morgan@example.org", "", [AccessNeed.STEP_FREE])],
        },
    ]


FIELDS = [
    "title",
    "kind",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "mode",
    "venue",
    "venue_to_be_confirmed",
    "online_url",
    "access_notes",
    "summary",
    "description",
    "engaged_with",
    "outcome",
    "participants",
]
DEFAULTS = {"start_time": None, "end_date": None, "end_time": None, "participants": None}
ACCESS_FLAGS = [
    "step_free_access",
    "bsl_interpretation",
    "hearing_loop",
    "easy_read_materials",
    "travel_costs_paid",
]


def load(stdout=None) -> None:
    groups = {group.slug: group for group in CommunityGroup.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    entries = past_activities() + upcoming_activities(timezone.localdate())
    for data in entries:
        values = {name: data.get(name, DEFAULTS.get(name, "")) for name in FIELDS}
        values["venue_to_be_confirmed"] = data.get("venue_to_be_confirmed", False)
        values.update({flag: data.get("access", {}).get(flag, False) for flag in ACCESS_FLAGS})
        values.update(status=Status.PUBLISHED, publish_at=PUBLISHED_ON)
        values.update(signups_open="signups" in data, places=data.get("places"))
        activity = upsert(Activity, {"slug": data["slug"]}, values)
        activity.groups.set([groups[slug] for slug in data["groups"]])
        activity.topics.set([topics[slug] for slug in data.get("topics", [])])
        for position, (kind, label, url) in enumerate(data.get("links", []), start=1):
            upsert(
                ActivityLink,
                {"activity": activity, "position": position},
                {"kind": kind, "label": label, "url": url},
            )
        if "signups" in data:
            load_signups(activity, data)
    if stdout:
        stdout.write(f"Activities: {len(entries)} activities.")


def load_signups(activity: Activity, data: dict) -> None:
    """Sign-ups open on an upcoming demo event, with a few people signed up (the first to
    fill the places confirmed, the rest waiting), so the coordinators' view shows something."""
    places = data.get("places")
    for position, (name, email, phone, needs) in enumerate(data["signups"]):
        full = places is not None and position >= places
        upsert(
            SignUp,
            {"activity": activity, "name": name},
            {
                "email": email,
                "phone": phone,
                "access_needs": [str(need) for need in needs],
                "status": SignUp.Status.WAITING if full else SignUp.Status.CONFIRMED,
            },
        )
    signup_tally_update(activity=activity)


def flush(stdout=None) -> None:
    slugs = [data["slug"] for data in past_activities() + upcoming_activities(dt.date.today())]
    deleted, _ = Activity.objects.filter(slug__in=slugs).delete()
    if stdout:
        stdout.write(f"Activities: removed the demo activities ({deleted} rows).")
