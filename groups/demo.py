"""Demo content for the groups app: the three first groups, their partners, aims, topics and a
few anonymous members' stories. Loaded by ``manage.py load_demo_content``."""

from datetime import UTC, datetime
from pathlib import Path

from groups.models import (
    CommunityGroup,
    GroupAim,
    GroupLink,
    MemberStory,
    Organisation,
    Partnership,
    Topic,
)
from oig_site.core.demo import attach_image, upsert
from oig_site.core.publishing import Status

IMAGES = Path(__file__).resolve().parent / "demo_images"
PUBLISHED_ON = datetime(2020, 9, 1, 9, 0, tzinfo=UTC)
CONSENT_ON = datetime(2020, 8, 20, 10, 0, tzinfo=UTC)

TOPICS = {
    "housing": ("Housing", "Homes, tenancies, housing associations and homelessness."),
    "benefits": ("Benefits", "Universal Credit and other benefits, and the advice around them."),
    "employment": ("Employment", "Finding and keeping work, and fair treatment at work."),
    "mental-health": ("Mental health", "Support for mental health and wellbeing."),
    "families": ("Families", "Parents, children and the services families rely on."),
    "disability": ("Disability", "Services and rights for disabled people and carers."),
    "social-care": ("Social care", "Care and support for adults, and for the people who care."),
    "young-people": ("Young people", "Services for young people, including housing and support."),
    "community": ("Community", "Local places, community spaces and neighbours helping each other."),
}

ORGANISATIONS = {
    "citizens-advice-oxford": (
        "Citizens Advice Oxford",
        "https://www.citizensadviceoxford.org.uk/",
        "Free, independent advice for people in Oxford, and home of the Stronger Together "
        "Partnership.",
    ),
    "stronger-together-partnership": (
        "Stronger Together Partnership",
        "",
        "A partnership led from Citizens Advice Oxford that brings together advice and support "
        "services, and the evidence they gather.",
    ),
    "oxford-hub": (
        "Oxford Hub",
        "https://www.oxfordhub.org/",
        "A charity that brings people in Oxford together to build a fairer, kinder city.",
    ),
    "african-families-in-the-uk": (
        "African Families in the UK",
        "",
        "A community organisation supporting African and other families in Oxfordshire.",
    ),
    "lankelly-chase": (
        "Lankelly Chase",
        "https://lankellychase.org.uk/",
        "A foundation that funds work to change the systems that hold severe and multiple "
        "disadvantage in place.",
    ),
    "dudley-community-partnership": (
        "Dudley Community Partnership",
        "",
        "The partnership of public services and community organisations in Dudley borough.",
    ),
    "dudley-cvs": (
        "Dudley CVS",
        "",
        "The council for voluntary service in Dudley borough, supporting local community groups.",
    ),
    "oxfordshire-county-council": (
        "Oxfordshire County Council",
        "https://www.oxfordshire.gov.uk/",
        "The county council, which runs a programme to make co-production part of how its "
        "services work.",
    ),
}

GROUPS = [
    {
        "slug": "oxford-influence-group",
        "name": "Oxford Influence Group",
        "strapline": "People who came to Citizens Advice for help, now helping to change the "
        "system",
        "summary": "A small group of people who each first came to Citizens Advice Oxford for "
        "support. Together they make sure that people who use services are heard when "
        "policies on housing, benefits, employment and mental health are made.",
        "description": (
            "<p>The group began when a coordinator at Citizens Advice Oxford invited people who "
            "cared about their community to a meeting. There they met, as equals, the people "
            "who run support services in the city. Every member has their own story, and every "
            "story counts.</p>"
            "<h2>How the group works</h2>"
            "<ul><li>It persuades organisations and service providers, in Oxford and across the "
            "country, to work with the people who use their services as equals. It also helps "
            "others set up groups like this one.</li>"
            "<li>It works with the staff and volunteers of Citizens Advice Oxford and the "
            "Stronger Together Partnership to improve how things are done.</li>"
            "<li>It calls for social change, drawing on members' own experience and on the "
            "evidence the partnership gathers.</li></ul>"
            "<p>Many members rent from housing associations, so a lot of the work is about "
            "tenants having a real say, with better communication and accountability.</p>"
            "<p>Speaking to a council committee or on the radio is a long way from what most "
            "members had done before. Friendship, support for each other and careful "
            "facilitation make it possible.</p>"
        ),
        "area": "Oxford",
        "email": "",
        "phone": "",
        "website": "https://oxfordinfluencegroup.uk/",
        "topics": ["housing", "benefits", "employment", "mental-health"],
        "aims": [
            "Make sure the voices of people who use services are heard when policy is designed.",
            "Persuade organisations to work with the people who use their services as equals.",
            "Improve services at Citizens Advice Oxford together with its staff and volunteers.",
            "Call for social change using members' direct experience and local evidence.",
        ],
        "partners": [
            ("citizens-advice-oxford", Partnership.Role.HOST, "hosts and supports the group"),
            ("stronger-together-partnership", Partnership.Role.PARTNER, ""),
        ],
        "links": [],
        "colour": "plum",
        "image": (
            "oxford-influence-group.png",
            "Illustration: five people side by side on a purple background, some speaking up",
        ),
    },
    {
        "slug": "parent-power",
        "name": "Parent Power",
        "strapline": "Parents in Blackbird Leys leading change for their families and community",
        "summary": "Parents who want to lead change in their own lives, for themselves, their "
        "children and their community. Parents with experience of support services design "
        "and run it, and some work as trained Parent Peer Supporters.",
        "description": (
            "<p>Parent Power works from the community centre in Blackbird Leys, Oxford. It is "
            "built on three kinds of power:</p>"
            "<ul><li><strong>Individual power</strong>: parents having a voice, a choice and a "
            "say in decisions about them and their children.</li>"
            "<li><strong>Community power</strong>: parents organising together, using what the "
            "community has, and acting as a group.</li>"
            "<li><strong>Decision-making power</strong>: parents shaping how Parent Power itself "
            "is run.</li></ul>"
            "<h2>What it looks like</h2>"
            "<p>It can be linking a family up with an early years group, or helping a group of "
            "mothers study together for the driving theory test. It can be standing alongside "
            "a mother who has social services involved. Or it can be pushing for the leisure "
            "centre to be easier for local families to use.</p>"
            "<h2>What the group has learned</h2>"
            "<p>Parents in leadership roles, with good support, bring creativity and trust. "
            "Staff who draw on their own lived experience need regular emotional supervision. "
            "A mix of parents in the design makes communication easier for everyone, and a "
            "place to meet in the neighbourhood helps people connect.</p>"
        ),
        "area": "Blackbird Leys, Oxford",
        "email": "",
        "phone": "",
        "website": "",
        "topics": ["families", "community"],
        "aims": [
            "Give parents a voice, a choice and a say in decisions about them and their children.",
            "Help parents organise and act together, using what the community already has.",
            "Let parents shape how Parent Power itself is run.",
        ],
        "partners": [
            ("oxford-hub", Partnership.Role.PARTNER, "runs Parent Power with parents"),
            (
                "african-families-in-the-uk",
                Partnership.Role.PARTNER,
                "runs Parent Power with parents",
            ),
            ("lankelly-chase", Partnership.Role.FUNDER, ""),
        ],
        "links": [],
        "colour": "teal",
        "image": (
            "parent-power.png",
            "Illustration: three parents, each with a child, on a teal background",
        ),
    },
    {
        "slug": "team-up-co-production-board",
        "name": "Team-Up Co-production Board",
        "strapline": "Oxfordshire County Council's board of people who use services and carers",
        "summary": "A board of people who use council services or care for someone who does. "
        "It supports and advises anyone doing co-production in Oxfordshire, and checks and "
        "challenges how the council works with the people who use its services.",
        "description": (
            "<p>The board is part of Oxfordshire County Council's co-production programme. "
            "Co-production here means working together as equals, making the best use of "
            "everyone's strengths and resources, to do things that benefit the community.</p>"
            "<h2>Co-production champions</h2>"
            "<p>Champions are people who work in services and encourage co-production in their "
            "own teams and organisations. Every board meeting has a 'bring and share' part "
            "where members and champions swap ideas and news.</p>"
            "<h2>Training</h2>"
            "<p>There is a free online introduction to co-production for anyone, and a more "
            "advanced programme for people putting it into practice.</p>"
        ),
        "area": "Oxfordshire",
        "email": "coproduction@oxfordshire.gov.uk",
        "phone": "",
        "website": "",
        "topics": ["social-care", "disability", "young-people", "mental-health"],
        "aims": [
            "Give support and advice to people doing co-production.",
            "Check and challenge how the council works with people who use its services.",
            "Grow a network of co-production champions across services.",
        ],
        "partners": [
            (
                "oxfordshire-county-council",
                Partnership.Role.HOST,
                "runs the co-production programme",
            ),
        ],
        "links": [
            (
                GroupLink.Kind.X,
                "Co-production Oxfordshire on X (Twitter)",
                "https://x.com/OxonCopro",
            ),
        ],
        "colour": "blue",
        "image": (
            "team-up-board.png",
            "Illustration: six people in a row, as a board, talking together on a blue background",
        ),
    },
]

GROUPS.append(
    {
        "slug": "dudley-stronger-communities",
        "name": "Dudley Stronger Communities",
        "strapline": "Residents and community groups in Dudley borough, working with local "
        "services",
        "summary": "Community groups and residents of Dudley borough in the West Midlands. They "
        "worked with the council and its partners on how local people get a real say, and on "
        "support for grassroots activity.",
        "description": (
            "<p>The Stronger Communities work in Dudley brought residents, community and faith "
            "groups and public services together. It looked at power and inclusion, support for "
            "grassroots activity, recognising what communities know, and the culture change "
            "local government needs.</p>"
            "<p>Groups in the borough also took part in national research on how citizens, "
            "community organisations and elected councillors work together.</p>"
        ),
        "area": "Dudley, West Midlands",
        "email": "",
        "phone": "",
        "website": "",
        "topics": ["community"],
        "aims": [
            "Give residents and community groups a real say in local decisions.",
            "Support grassroots activity and recognise what communities know.",
        ],
        "partners": [
            ("dudley-community-partnership", Partnership.Role.HOST, ""),
            ("dudley-cvs", Partnership.Role.PARTNER, "support for local groups"),
        ],
        "links": [],
        "colour": "green",
        "image": (
            "dudley-stronger-communities.png",
            "Illustration: four neighbours side by side on a green background",
        ),
        "is_active": False,
    }
)

STORIES = [
    {
        "group": "oxford-influence-group",
        "slug": "from-the-waiting-room-to-the-committee-room",
        "title": "From the waiting room to the committee room",
        "summary": "A member on going from asking for help with a housing problem to speaking "
        "at a council meeting about it.",
        "body": (
            "<p>The first time I came to Citizens Advice I did not know where else to go. My "
            "landlord was not answering, the repairs were not being done, and I was behind on "
            "my rent because my Universal Credit had been cut.</p>"
            "<p>A few months later someone asked whether I would like to meet other people "
            "who had been through the same kind of thing. I nearly said no. I did not think "
            "anyone would want to hear from me.</p>"
            "<p>Now I have spoken to councillors about what it is like to wait for repairs. I "
            "was shaking, but the others were in the room with me. What I know counts, because "
            "I lived it.</p>"
        ),
    },
    {
        "group": "oxford-influence-group",
        "slug": "being-listened-to",
        "title": "Being listened to",
        "summary": "Why a member keeps coming back to the group every month.",
        "body": (
            "<p>What keeps me coming is the people. We look after each other. If someone has "
            "had a hard week, we make time for that before we start on the agenda.</p>"
            "<p>I used to feel that services were something that happened to me. Now I help to "
            "decide how they should work.</p>"
        ),
    },
    {
        "group": "parent-power",
        "slug": "studying-together",
        "title": "Studying together for the theory test",
        "summary": "A mother on learning for the driving theory test with other parents.",
        "body": (
            "<p>A few of us wanted to learn to drive so we could get to work and take the "
            "children to appointments. The theory test felt impossible on our own.</p>"
            "<p>So we met at the community centre each week and went through the questions "
            "together. When one of us passed, we all celebrated. It showed me what we can do "
            "when we organise ourselves.</p>"
        ),
    },
    {
        "group": "team-up-co-production-board",
        "slug": "check-and-challenge",
        "title": "What check and challenge means to me",
        "summary": "A board member on asking the questions that matter.",
        "body": (
            "<p>As a carer I spent years being told what was going to happen. On the board I "
            "get to ask why, and to suggest a better way.</p>"
            "<p>Check and challenge is not about catching people out. It is about making sure "
            "that the people who use a service have been part of the decision from the "
            "start.</p>"
        ),
    },
]


# Each group's Get involved page, in the group's own voice (empty: the general text).
GET_INVOLVED = {
    "oxford-influence-group": (
        "Members meet about once a month at Citizens Advice Oxford, and sometimes online. We "
        "talk about housing, benefits, work and mental health, and plan what to say to the "
        "people who make decisions. Some members speak at council meetings or on the radio; "
        "others prefer to help behind the scenes. Both matter.",
        "Your bus fare or travel costs are paid. A facilitator helps every meeting run "
        "smoothly, and new members are paired with someone who has been coming for a while. "
        "The meeting room is step-free, and papers can be printed in large print.",
    ),
    "parent-power": (
        "Parents meet at the Blackbird Leys community centre to support each other and to "
        "change things for their families and the estate. You might help plan an activity, "
        "join a conversation with a school or the council, or train as a Parent Peer "
        "Supporter.",
        "Bring your children: there is space for them to play. Parent Peer Supporters are "
        "trained and paid, and have regular supervision. We can help with travel, and we "
        "explain anything in plain words, in person or on the phone.",
    ),
    "team-up-co-production-board": (
        "Most board members use services or care for someone who does. They give advice to "
        "people doing co-production in Oxfordshire, and check and challenge how the "
        "council's programme is going. Each meeting has a bring-and-share part where anyone "
        "can raise something.",
        "Meetings are online or in accessible rooms, and we send papers early in the format "
        "you need, including for screen readers. Travel is paid, and there is free training "
        "on co-production for new members.",
    ),
}


def load(stdout=None) -> None:
    topics = {
        slug: upsert(Topic, {"slug": slug}, {"name": name, "description": description})
        for slug, (name, description) in TOPICS.items()
    }
    organisations = {
        slug: upsert(
            Organisation,
            {"slug": slug},
            {"name": name, "website": website, "description": description},
        )
        for slug, (name, website, description) in ORGANISATIONS.items()
    }
    groups = {}
    for data in GROUPS:
        group = upsert(
            CommunityGroup,
            {"slug": data["slug"]},
            {
                "name": data["name"],
                "strapline": data["strapline"],
                "summary": data["summary"],
                "description": data["description"],
                "area": data["area"],
                "email": data["email"],
                "phone": data["phone"],
                "what_members_do": GET_INVOLVED.get(data["slug"], ("", ""))[0],
                "support_for_members": GET_INVOLVED.get(data["slug"], ("", ""))[1],
                "website": data["website"],
                "colour": data["colour"],
                "image_alt": data["image"][1],
                "is_active": data.get("is_active", True),
                "status": Status.PUBLISHED,
                "publish_at": PUBLISHED_ON,
            },
        )
        attach_image(group, "image", IMAGES / data["image"][0])
        group.topics.set([topics[slug] for slug in data["topics"]])
        for position, text in enumerate(data["aims"], start=1):
            upsert(GroupAim, {"group": group, "position": position}, {"text": text})
        group.aims.filter(position__gt=len(data["aims"])).delete()
        for org_slug, role, note in data["partners"]:
            upsert(
                Partnership,
                {"group": group, "organisation": organisations[org_slug], "role": role},
                {"note": note},
            )
        for position, (kind, label, url) in enumerate(data["links"], start=1):
            upsert(
                GroupLink,
                {"group": group, "position": position},
                {"kind": kind, "label": label, "url": url},
            )
        groups[group.slug] = group

    for data in STORIES:
        upsert(
            MemberStory,
            {"group": groups[data["group"]], "slug": data["slug"]},
            {
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "teller_name": "A member (demo story)",
                "naming": MemberStory.Naming.ANONYMOUS,
                "consent_given_by": "The teller",
                "consent_given_at": CONSENT_ON,
                "consent_scope": "The story on the website, without a name or photo.",
                "status": Status.PUBLISHED,
                "publish_at": PUBLISHED_ON,
            },
        )
    if stdout:
        stdout.write(
            f"Groups: {len(groups)} groups, {len(topics)} topics, "
            f"{len(organisations)} organisations, {len(STORIES)} stories."
        )


def flush(stdout=None) -> None:
    """Delete the demo content this module loads (and nothing else)."""
    group_slugs = [data["slug"] for data in GROUPS]
    MemberStory.objects.filter(group__slug__in=group_slugs).delete()
    deleted, _ = CommunityGroup.objects.filter(slug__in=group_slugs).delete()
    Organisation.objects.filter(slug__in=ORGANISATIONS, partnerships__isnull=True).delete()
    Topic.objects.filter(slug__in=TOPICS, groups__isnull=True).delete()
    if stdout:
        stdout.write(f"Groups: removed the demo groups and what belongs to them ({deleted} rows).")
