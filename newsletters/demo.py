"""Demo content for newsletters: "Working Together" with its Autumn 2020 issue (all seven
sections, in the project's own words), a shorter earlier issue, and the Oxford Influence
Group's own newsletter."""

import datetime as dt

from groups.models import CommunityGroup
from newsletters.models import GlossaryTerm, Issue, Newsletter, Question, Section
from oig_site.core.demo import upsert
from oig_site.core.publishing import Status

PUBLISHED_ON = dt.datetime(2020, 10, 1, 9, 0, tzinfo=dt.UTC)

NEWSLETTERS = [
    {
        "slug": "working-together",
        "name": "Working Together: Co-production Newsletter",
        "description": "News, training and stories of co-production in Oxfordshire, from the "
        "Co-production Board, with the support of Oxfordshire County Council.",
        "groups": ["team-up-co-production-board"],
    },
    {
        "slug": "oxford-influence-group-news",
        "name": "Oxford Influence Group News",
        "description": "What the Oxford Influence Group has been doing, and how to get involved.",
        "groups": ["oxford-influence-group"],
    },
]

AUTUMN_SECTIONS = [
    {
        "heading": "Reflections on Co-production Week 2020",
        "author": "Sarah Stephenson-Hunter",
        "author_role": "Co-production Board member and co-production champion",
        "body": "<p>A board member and champion looks back on the week. What was it like to "
        "run events online for the first time? And what did it show about working together "
        "when people cannot meet in a room?</p><p>The week brought people together from across the "
        "county and beyond, and the board's open meeting let anyone see how it works.</p>",
    },
    {
        "heading": "Co-production Week England 2020: highlights and feedback",
        "body": "<p>Services and organisations across Oxfordshire ran events and shared "
        "resources during the week. Co-production Oxfordshire ran three events, all of them "
        "full, with people joining from across Britain and Europe.</p>"
        "<p>Delegates said the champions' enthusiasm was catching. The words they used most "
        "were insightful, inclusive, welcoming and enlightening. They asked for more on how to "
        "set up a board, and for shorter introductions.</p>"
        "<p>OCC thanks everyone who took part.</p>",
    },
    {
        "heading": "News, training and resources",
        "body": "<ul><li>SCIE has published its evaluation of the first two years of the "
        "council's co-production programme.</li><li>The free online introduction to "
        "co-production is open to anyone; an advanced programme follows for people putting it "
        "into practice.</li><li>Other organisations share free films and webinars. My Life My "
        "Choice made a video about doing co-production together. The Co-production Network "
        "for Wales runs a free introduction.</li></ul>",
    },
    {
        "heading": "Co-production question corner",
        "is_question_corner": True,
        "body": "<p>Send us your questions about co-production by e-mail or with the form on "
        "this site. We answer them in the next issue.</p>",
    },
    {
        "heading": "Spotlight on Oxfordshire: Oxfordshire Recovery College",
        "author": "Stephanie Byrne",
        "author_role": "Oxfordshire Recovery College",
        "body": "<p>The Recovery College runs mental health courses designed with people who "
        "have lived experience. Every course has at least one tutor who speaks from their "
        "own experience.</p><p>From September 2020 there are short in-person courses in Oxford "
        "and one-hour online workshops. Most students say the courses help, and many former "
        "students now train as tutors.</p>",
    },
    {
        "heading": "Spotlight on OCC: Young People's Supported Accommodation",
        "author": "Liane Low",
        "author_role": "Strategic Commissioning Manager and co-production champion",
        "body": "<p>A review of housing support looked at young people aged 16 to 24 at risk "
        "of homelessness. It gathered 240 pieces of feedback, 70 of them from young people.</p>"
        "<p>The new service is commissioned with the district councils and run by seven "
        "organisations. Young people sat on the interview panels and gain a qualification for "
        "doing so.</p>",
    },
    {
        "heading": "Get involved!",
        "body": "<p>Working on a project we could share, or have comments and suggestions? "
        '<a href="/contact/">Send us a message</a>.</p>'
        '<p>To join one of the groups, read <a href="/get-involved/">how to get involved</a>.'
        '</p><p><a href="/newsletters/subscribe/">Subscribe to get each issue by e-mail</a>. '
        "Every e-mail has a link to unsubscribe.</p>",
    },
]

SUMMER_SECTIONS = [
    {
        "heading": "Welcome",
        "body": "<p>Meetings have moved online, and the board has kept working. This short "
        "issue says what is coming up and how to take part.</p>",
    },
    {
        "heading": "Co-production Week is coming",
        "body": "<p>From 6 to 10 July the board runs online events for Co-production Week "
        "England, including an open board meeting anyone can join.</p>",
    },
]

OIG_SECTIONS = [
    {
        "heading": "Speaking up about housing",
        "body": "<p>Members told councillors what waiting for repairs is really like, and met "
        "tenants whose landlords give them no say.</p>",
    },
    {
        "heading": "Join us",
        "body": "<p>If you have used Citizens Advice Oxford and want to help change things, come "
        "to a monthly meeting. Travel costs are paid.</p>",
    },
]

ISSUES = [
    {
        "newsletter": "working-together",
        "slug": "autumn-2020",
        "title": "Autumn 2020",
        "issue_date": dt.date(2020, 10, 1),
        "introduction": "<p>Welcome to the autumn issue. This time: looking back on "
        "Co-production Week, news and training, and two spotlights on co-production in OCC "
        "and across Oxfordshire.</p>",
        "editors": "Gemma Humphrey, Co-evaluation Officer\nNick Lewis, Co-production Board member",
        "contributors": "Sarah Stephenson-Hunter\nStephanie Byrne\nLiane Low",
        "design_credit": "Jason Felstead, Care Governance Lead",
        "sections": AUTUMN_SECTIONS,
        "glossary": [
            ("OCC", "Oxfordshire County Council"),
            ("SCIE", "Social Care Institute for Excellence"),
        ],
    },
    {
        "newsletter": "working-together",
        "slug": "summer-2020",
        "title": "Summer 2020",
        "issue_date": dt.date(2020, 6, 15),
        "introduction": "<p>A short issue while we all get used to meeting online.</p>",
        "editors": "Gemma Humphrey, Co-evaluation Officer",
        "contributors": "",
        "design_credit": "",
        "sections": SUMMER_SECTIONS,
        "glossary": [],
    },
    {
        "newsletter": "oxford-influence-group-news",
        "slug": "summer-2020",
        "title": "Summer 2020",
        "issue_date": dt.date(2020, 8, 1),
        "introduction": "<p>News from the Oxford Influence Group.</p>",
        "editors": "",
        "contributors": "",
        "design_credit": "",
        "sections": OIG_SECTIONS,
        "glossary": [],
    },
]

QUESTION = {
    "question": "How do we start a co-production board in our own service?",
    "answer": "Start small. Invite a few people who use the service to meet staff as equals, "
    "and agree together what you want to change. Make sure people are paid or thanked for "
    "their time. The board is happy to share how it began.",
}


def load(stdout=None) -> None:
    groups = {group.slug: group for group in CommunityGroup.objects.all()}
    newsletters = {}
    for data in NEWSLETTERS:
        newsletter = upsert(
            Newsletter,
            {"slug": data["slug"]},
            {"name": data["name"], "description": data["description"]},
        )
        newsletter.groups.set([groups[slug] for slug in data["groups"]])
        newsletters[newsletter.slug] = newsletter
    for data in ISSUES:
        issue = upsert(
            Issue,
            {"newsletter": newsletters[data["newsletter"]], "slug": data["slug"]},
            {
                "title": data["title"],
                "issue_date": data["issue_date"],
                "introduction": data["introduction"],
                "editors": data["editors"],
                "contributors": data["contributors"],
                "design_credit": data["design_credit"],
                "status": Status.PUBLISHED,
                "publish_at": PUBLISHED_ON,
            },
        )
        for position, section in enumerate(data["sections"], start=1):
            upsert(
                Section,
                {"issue": issue, "position": position},
                {
                    "heading": section["heading"],
                    "author": section.get("author", ""),
                    "author_role": section.get("author_role", ""),
                    "body": section["body"],
                    "is_question_corner": section.get("is_question_corner", False),
                },
            )
        for term, meaning in data["glossary"]:
            upsert(GlossaryTerm, {"issue": issue, "term": term}, {"meaning": meaning})
    autumn = Issue.objects.get(newsletter__slug="working-together", slug="autumn-2020")
    upsert(
        Question,
        {"newsletter": newsletters["working-together"], "question": QUESTION["question"]},
        {"answer": QUESTION["answer"], "status": Question.Status.ANSWERED, "published_in": autumn},
    )
    if stdout:
        stdout.write(f"Newsletters: {len(newsletters)} newsletters, {len(ISSUES)} issues.")


def flush(stdout=None) -> None:
    slugs = [data["slug"] for data in NEWSLETTERS]
    Question.objects.filter(newsletter__slug__in=slugs, question=QUESTION["question"]).delete()
    deleted, _ = Issue.objects.filter(
        newsletter__slug__in=slugs, slug__in={data["slug"] for data in ISSUES}
    ).delete()
    Newsletter.objects.filter(
        slug__in=slugs, issues__isnull=True, subscriptions__isnull=True, questions__isnull=True
    ).delete()
    if stdout:
        stdout.write(f"Newsletters: removed the demo issues ({deleted} rows).")
