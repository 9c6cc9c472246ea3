"""Generated content at any size, for measuring the site (``manage.py generate_scale_data``).

Plain-English groups, activities, newsletters and subscribers made from word lists, varied
enough for search and filters to behave as they would on a real site, in a mix of states:
mostly published, some drafts, some scheduled, some groups not published. Everything is written
with ``bulk_create`` (the many-to-many tables too): no ``save()`` per row, no images, so the
default size (about 100,000 activities) takes a minute or so.

The same seed gives the same content, apart from dates, which follow today.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from activities.models import Activity, ActivityLink
from groups.models import (
    CommunityGroup,
    GroupAim,
    GroupLink,
    MemberStory,
    Organisation,
    Partnership,
    Topic,
)
from newsletters.models import (
    Delivery,
    GlossaryTerm,
    Issue,
    Newsletter,
    Question,
    Section,
    Subscriber,
    Subscription,
)
from oig_site.core import pagecache
from oig_site.core.publishing import Status


@dataclass
class Sizes:
    """How many of each thing to make. The defaults are the large size the site is measured at."""

    groups: int = 1_004
    activities: int = 100_022
    newsletters: int = 120
    issues: int = 1_003
    sections: int = 5_011
    subscribers: int = 20_000
    topics: int = 40
    organisations: int = 300
    stories: int = 2_000


PRESETS = {
    "large": Sizes(),
    "medium": Sizes(
        groups=200,
        activities=10_000,
        newsletters=30,
        issues=200,
        sections=1_000,
        subscribers=2_000,
        topics=30,
        organisations=80,
        stories=300,
    ),
    "tiny": Sizes(
        groups=12,
        activities=300,
        newsletters=3,
        issues=12,
        sections=50,
        subscribers=60,
        topics=10,
        organisations=8,
        stories=15,
    ),
}

SIZE_FIELDS = [field.name for field in fields(Sizes)]

# Every model the generator fills, children first (the order a flush empties them in).
MODELS = [
    Delivery,
    Question,
    Subscription,
    Subscriber,
    GlossaryTerm,
    Section,
    Issue,
    Newsletter,
    ActivityLink,
    Activity,
    MemberStory,
    Partnership,
    Organisation,
    GroupAim,
    GroupLink,
    CommunityGroup,
    Topic,
]

BATCH = 2_000

# Word lists. The sentences they make are plain, a little repetitive, and searchable.

TOPICS = [
    "Housing",
    "Benefits",
    "Employment",
    "Mental health",
    "Social care",
    "Community",
    "Disability",
    "Education",
    "Children and families",
    "Transport",
    "Food poverty",
    "Older people",
    "Young people",
    "Health services",
    "Debt and money",
    "Homelessness",
    "Refugees and migrants",
    "Carers",
    "Digital inclusion",
    "Energy and warm homes",
    "Libraries",
    "Parks and green spaces",
    "Policing and safety",
    "Loneliness",
    "Learning disability",
    "Autism",
    "Addiction and recovery",
    "Domestic abuse",
    "Neighbourhood planning",
    "Public health",
    "Arts and culture",
    "Sport and activity",
    "Volunteering",
    "Advice services",
    "Universal Credit",
    "Special educational needs",
    "Dementia",
    "Hospital discharge",
    "Primary care",
    "Climate and environment",
]
PLACES = [
    "Oxford",
    "Blackbird Leys",
    "Barton",
    "Rose Hill",
    "Cowley",
    "Headington",
    "Abingdon",
    "Banbury",
    "Bicester",
    "Witney",
    "Didcot",
    "Dudley",
    "Brierley Hill",
    "Stourbridge",
    "Halesowen",
    "Sedgley",
    "Coventry",
    "Leicester",
    "Nottingham",
    "Derby",
    "Sheffield",
    "Leeds",
    "Bradford",
    "York",
    "Hull",
    "Newcastle",
    "Sunderland",
    "Durham",
    "Carlisle",
    "Lancaster",
    "Preston",
    "Blackburn",
    "Bolton",
    "Wigan",
    "Stockport",
    "Salford",
    "Liverpool",
    "Chester",
    "Stoke",
    "Shrewsbury",
    "Hereford",
    "Worcester",
    "Gloucester",
    "Swindon",
    "Reading",
    "Slough",
    "Luton",
    "Bedford",
    "Cambridge",
    "Norwich",
    "Ipswich",
    "Colchester",
    "Chelmsford",
    "Southend",
    "Croydon",
    "Lewisham",
    "Hackney",
    "Brent",
    "Ealing",
    "Southampton",
    "Portsmouth",
    "Brighton",
    "Hastings",
    "Exeter",
    "Plymouth",
    "Truro",
    "Bristol",
    "Bath",
    "Cardiff",
    "Swansea",
]
GROUP_KINDS = [
    "Influence Group",
    "Parents' Forum",
    "Tenants' Voice",
    "Co-production Board",
    "Carers' Circle",
    "Peer Support Network",
    "Community Panel",
    "Experts by Experience",
    "Listening Group",
    "Residents' Alliance",
    "Youth Voice",
    "Lived Experience Group",
]
ORGANISATION_KINDS = [
    "Citizens Advice",
    "Community Trust",
    "Housing Association",
    "County Council",
    "City Council",
    "Health Trust",
    "Foundation",
    "Voluntary Action",
    "Community Partnership",
    "Children's Charity",
    "Mental Health Charity",
    "Food Bank",
]
PEOPLE = [
    "parents",
    "tenants",
    "carers",
    "young people",
    "older residents",
    "disabled people",
    "people who use advice services",
    "families on low incomes",
    "people with lived experience",
    "neighbours",
    "volunteers",
    "people in recovery",
]
DECISION_MAKERS = [
    "City Council Housing Scrutiny Committee",
    "County Council Cabinet",
    "the local health board",
    "the housing association's board",
    "the Department for Work and Pensions",
    "the job centre managers",
    "the police and crime commissioner",
    "the schools forum",
    "the adult social care team",
    "the integrated care board",
    "the library service",
    "the bus company",
    "the mental health trust",
    "the food bank trustees",
    "local councillors",
    "the member of parliament",
]
VERBS = [
    "met",
    "spoke to",
    "wrote to",
    "gave evidence to",
    "ran a workshop with",
    "shared stories with",
    "asked questions of",
    "worked alongside",
    "presented findings to",
    "co-designed a plan with",
]
SUBJECTS = [
    "repairs that take months",
    "waiting times for assessments",
    "letters nobody can understand",
    "the cost of getting to appointments",
    "damp and mould in family homes",
    "sanctions and missed payments",
    "support for young carers",
    "the closure of a day centre",
    "school places for children with special needs",
    "mental health support after discharge",
    "cold homes and high energy bills",
    "access to a doctor in the evening",
    "how to complain and be heard",
    "jobs that fit around caring",
    "digital forms that shut people out",
    "temporary housing far from schools",
    "rent arrears and eviction notices",
    "easy-read information for everyone",
    "safe routes to the park",
    "a warm space in winter",
]
OUTCOMES = [
    "The council agreed to include tenants on the review panel.",
    "Managers promised to rewrite the letters in plain English with members' help.",
    "A new drop-in session now runs every month.",
    "The committee asked for a report back within six months.",
    "The trust changed its discharge leaflet after hearing the group.",
    "Members were invited to help choose the next provider.",
    "The housing association set up a repairs forum with tenants.",
    "Funding for the service was kept for another year.",
    "Staff training now includes a session led by members.",
    "The group's recommendations were adopted in full.",
]
VENUES = [
    "Community Centre",
    "Town Hall",
    "Public Library",
    "Methodist Church Hall",
    "Family Hub",
    "Youth Centre",
    "Citizens Advice office",
    "Health Centre",
    "Civic Centre",
    "Neighbourhood Hub",
]
FIRST_NAMES = [
    "Amina",
    "Ben",
    "Chloe",
    "Daniel",
    "Ellie",
    "Farid",
    "Grace",
    "Hassan",
    "Isla",
    "Jamal",
    "Kate",
    "Liam",
    "Maya",
    "Noah",
    "Olu",
    "Priya",
    "Rosa",
    "Sam",
    "Tom",
    "Yasmin",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Green",
    "Hughes",
    "Khan",
    "Lewis",
    "Morris",
    "Patel",
    "Roberts",
    "Singh",
    "Taylor",
    "Walker",
    "Wilson",
]
SECTION_HEADINGS = [
    "News from the group",
    "What we did this season",
    "Meet a member",
    "Question corner",
    "Dates for your diary",
    "Housing update",
    "Benefits and money",
    "Your health services",
    "A word from the coordinator",
    "What changed because of you",
    "Young people speak up",
    "Training and learning",
]


def _months_ago(today: dt.date, years: float) -> dt.date:
    return today - dt.timedelta(days=int(years * 365.25))


class Generator:
    """Makes the content. ``out`` is called with a line of progress now and then."""

    def __init__(self, sizes: Sizes, *, seed: int = 1, out: Callable[[str], None] = print):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.out = out
        self.now = timezone.now()
        self.today = timezone.localdate()
        # A prefix that keeps slugs unique when adding to content made before (--force).
        self.tag = ""

    # Helpers

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def person(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    def sentence(self) -> str:
        return (
            f"{self.pick(PEOPLE).capitalize()} {self.pick(VERBS)} "
            f"{self.pick(DECISION_MAKERS)} about {self.pick(SUBJECTS)}."
        )

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def rich_text(self, paragraphs: int = 2) -> str:
        return "".join(f"<p>{self.paragraph()}</p>" for _ in range(paragraphs))

    def state(self, draft: float = 0.05, scheduled: float = 0.03) -> tuple[str, dt.datetime]:
        """A status and publish time: mostly published in the past, some drafts, some
        scheduled for the coming weeks."""
        roll = self.rng.random()
        if roll < draft:
            return Status.DRAFT, self.now - dt.timedelta(days=self.rng.randint(0, 400))
        if roll < draft + scheduled:
            return Status.PUBLISHED, self.now + dt.timedelta(hours=self.rng.randint(2, 24 * 60))
        return Status.PUBLISHED, self.now - dt.timedelta(days=self.rng.randint(1, 3_000))

    def bulk(self, model, objects: list):
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.out(f"  {len(created):>7,} {model._meta.verbose_name_plural}")
        return created

    def bulk_through(self, through, rows: list[tuple[int, int]], left: str, right: str):
        objects = [through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in rows]
        through.objects.bulk_create(objects, batch_size=BATCH * 5, ignore_conflicts=True)
        self.out(f"  {len(objects):>7,} links ({through._meta.db_table})")

    # The content

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            topics = self.make_topics()
            groups = self.make_groups(topics)
            self.make_group_parts(groups)
            self.make_organisations(groups)
            self.make_stories(groups)
            self.make_activities(groups, topics)
            newsletters = self.make_newsletters(groups)
            issues = self.make_issues(newsletters)
            self.make_sections(issues)
            self.make_subscribers(newsletters)
        analyse()
        # Cached pages are made afresh, and the first scheduled item appears on time.
        pagecache.refresh()
        return counts()

    def make_topics(self) -> list[Topic]:
        names = TOPICS[: self.sizes.topics]
        for number in range(len(names), self.sizes.topics):
            names.append(f"{self.pick(TOPICS)} in {PLACES[number % len(PLACES)]}")
        existing = set(Topic.objects.values_list("name", flat=True))
        topics = [
            Topic(
                name=name,
                slug=slugify(name),
                description=f"Groups working on {name.lower()}: {self.sentence()}",
            )
            for name in dict.fromkeys(names)
            if name not in existing
        ]
        self.bulk(Topic, topics)
        return list(Topic.objects.all())

    def make_groups(self, topics: list[Topic]) -> list[CommunityGroup]:
        groups = []
        for number in range(self.sizes.groups):
            place = self.pick(PLACES)
            name = f"{place} {self.pick(GROUP_KINDS)} {self.tag}{number + 1}"
            # About 5% drafts and 3% scheduled: some groups are not (yet) on the site.
            status, publish_at = self.state(draft=0.05, scheduled=0.03)
            groups.append(
                CommunityGroup(
                    name=name,
                    slug=slugify(name),
                    strapline=f"{self.pick(PEOPLE).capitalize()} in {place}, heard and involved",
                    summary=(
                        f"A group of {self.pick(PEOPLE)} in {place} who work with "
                        f"{self.pick(DECISION_MAKERS)} on {self.pick(SUBJECTS)}."
                    ),
                    description=self.rich_text(3),
                    area=place,
                    email=f"group{self.tag}{number + 1}@example.org",
                    is_active=self.rng.random() > 0.1,
                    status=status,
                    publish_at=publish_at,
                )
            )
        groups = self.bulk(CommunityGroup, groups)
        rows = [
            (group.pk, topic.pk)
            for group in groups
            for topic in self.rng.sample(topics, min(len(topics), self.rng.randint(1, 4)))
        ]
        self.bulk_through(CommunityGroup.topics.through, rows, "communitygroup", "topic")
        return groups

    def make_group_parts(self, groups: list[CommunityGroup]) -> None:
        aims, links = [], []
        for group in groups:
            for position in range(self.rng.randint(1, 4)):
                aims.append(
                    GroupAim(
                        group=group,
                        position=position,
                        text=f"Make sure {self.pick(DECISION_MAKERS)} hear about "
                        f"{self.pick(SUBJECTS)}.",
                    )
                )
            for position in range(self.rng.randint(0, 3)):
                kind = self.pick(GroupLink.Kind.values)
                links.append(
                    GroupLink(
                        group=group,
                        kind=kind,
                        label=f"{group.name} on {GroupLink.Kind(kind).label}",
                        url=f"https://{kind}.example.com/{group.slug}",
                        position=position,
                    )
                )
        self.bulk(GroupAim, aims)
        self.bulk(GroupLink, links)

    def make_organisations(self, groups: list[CommunityGroup]) -> None:
        organisations = []
        for number in range(self.sizes.organisations):
            name = f"{self.pick(PLACES)} {self.pick(ORGANISATION_KINDS)} {self.tag}{number + 1}"
            organisations.append(
                Organisation(
                    name=name,
                    slug=slugify(name),
                    website=f"https://{slugify(name)}.example.org",
                    description=f"A partner of local groups. {self.sentence()}",
                )
            )
        organisations = self.bulk(Organisation, organisations)
        if not organisations:
            return
        partnerships = []
        for group in groups:
            chosen = self.rng.sample(organisations, min(len(organisations), self.rng.randint(1, 3)))
            for position, organisation in enumerate(chosen):
                partnerships.append(
                    Partnership(
                        group=group,
                        organisation=organisation,
                        role=Partnership.Role.HOST if position == 0 else Partnership.Role.PARTNER,
                        note=f"Works with {self.pick(PEOPLE)} in the group",
                    )
                )
        self.bulk(Partnership, partnerships)

    def make_stories(self, groups: list[CommunityGroup]) -> None:
        stories = []
        for number in range(self.sizes.stories):
            group = self.pick(groups)
            status, publish_at = self.state(draft=0.1, scheduled=0.02)
            given = self.now - dt.timedelta(days=self.rng.randint(400, 3_000))
            withdrawn = given + dt.timedelta(days=30) if self.rng.random() < 0.03 else None
            title = f"How the group helped me with {self.pick(SUBJECTS)}"
            stories.append(
                MemberStory(
                    group=group,
                    title=title,
                    slug=f"{slugify(title)[:180]}-{self.tag}{number + 1}",
                    summary=self.sentence(),
                    body=self.rich_text(3),
                    teller_name=self.person(),
                    naming=self.pick(MemberStory.Naming.values),
                    consent_given_by="The teller",
                    consent_given_at=given,
                    consent_scope="Story and first name on the website; no photo.",
                    consent_withdrawn_at=withdrawn,
                    status=status,
                    publish_at=publish_at,
                )
            )
        self.bulk(MemberStory, stories)

    def make_activities(self, groups: list[CommunityGroup], topics: list[Topic]) -> None:
        start = _months_ago(self.today, 15)
        span = (self.today + dt.timedelta(days=365) - start).days
        kinds = Activity.Kind.values
        modes = Activity.Mode.values
        activities = []
        for number in range(self.sizes.activities):
            start_date = start + dt.timedelta(days=self.rng.randint(0, span))
            past = start_date < self.today
            subject = self.pick(SUBJECTS)
            place = self.pick(PLACES)
            kind = self.pick(kinds)
            title = f"{Activity.Kind(kind).label.split(' ')[0]} in {place} on {subject}"
            timed = self.rng.random() < 0.7
            start_hour = self.rng.randint(9, 18)
            several_days = self.rng.random() < 0.05
            status, publish_at = self.state(draft=0.05, scheduled=0.02)
            activities.append(
                Activity(
                    title=title[:200],
                    slug=f"{slugify(title)[:180]}-{self.tag}{number + 1}",
                    kind=kind,
                    start_date=start_date,
                    start_time=dt.time(start_hour, self.pick([0, 15, 30])) if timed else None,
                    end_date=start_date + dt.timedelta(days=2) if several_days else None,
                    end_time=dt.time(start_hour + 2, 0) if timed else None,
                    mode=self.pick(modes),
                    venue=f"{place} {self.pick(VENUES)}",
                    online_url="https://meet.example.com/" + slugify(subject)[:40],
                    step_free_access=self.rng.random() < 0.6,
                    bsl_interpretation=self.rng.random() < 0.1,
                    hearing_loop=self.rng.random() < 0.3,
                    easy_read_materials=self.rng.random() < 0.3,
                    travel_costs_paid=self.rng.random() < 0.4,
                    summary=(
                        f"{self.pick(PEOPLE).capitalize()} from {place} {self.pick(VERBS)} "
                        f"{self.pick(DECISION_MAKERS)} about {subject}."
                    ),
                    description=self.rich_text(2) if self.rng.random() < 0.5 else "",
                    engaged_with=self.pick(DECISION_MAKERS),
                    outcome=self.pick(OUTCOMES) if past and self.rng.random() < 0.4 else "",
                    participants=self.rng.randint(3, 120) if past else None,
                    status=status,
                    publish_at=publish_at,
                )
            )
        activities = self.bulk(Activity, activities)
        group_rows, topic_rows, links = [], [], []
        for activity in activities:
            # Most activities are one group's; about one in eight is a joint one.
            count = 1 if self.rng.random() < 0.88 else self.rng.randint(2, 4)
            for group in self.rng.sample(groups, min(count, len(groups))):
                group_rows.append((activity.pk, group.pk))
            for topic in self.rng.sample(topics, min(len(topics), self.rng.randint(0, 3))):
                topic_rows.append((activity.pk, topic.pk))
            if self.rng.random() < 0.15:
                links.append(
                    ActivityLink(
                        activity=activity,
                        kind=ActivityLink.Kind.REPORT,
                        label="Report of the meeting",
                        url=f"https://reports.example.org/{activity.slug}",
                    )
                )
        self.bulk_through(Activity.groups.through, group_rows, "activity", "communitygroup")
        self.bulk_through(Activity.topics.through, topic_rows, "activity", "topic")
        self.bulk(ActivityLink, links)

    def make_newsletters(self, groups: list[CommunityGroup]) -> list[Newsletter]:
        newsletters = []
        for number in range(self.sizes.newsletters):
            name = f"{self.pick(PLACES)} {self.pick(['News', 'Voice', 'Bulletin', 'Update'])}"
            name = f"{name} {self.tag}{number + 1}"
            newsletters.append(
                Newsletter(
                    name=name,
                    slug=slugify(name),
                    description=f"News for {self.pick(PEOPLE)}, four times a year.",
                )
            )
        newsletters = self.bulk(Newsletter, newsletters)
        rows = [
            (newsletter.pk, group.pk)
            for newsletter in newsletters
            for group in self.rng.sample(groups, min(len(groups), self.rng.randint(1, 3)))
        ]
        self.bulk_through(Newsletter.groups.through, rows, "newsletter", "communitygroup")
        return newsletters

    def make_issues(self, newsletters: list[Newsletter]) -> list[Issue]:
        if not newsletters:
            return []
        issues = []
        seasons = ["Spring", "Summer", "Autumn", "Winter"]
        for number in range(self.sizes.issues):
            newsletter = newsletters[number % len(newsletters)]
            issue_date = _months_ago(self.today, self.rng.random() * 15)
            status, publish_at = self.state(draft=0.04, scheduled=0.02)
            title = f"{seasons[(issue_date.month - 1) // 3]} {issue_date.year} ({number + 1})"
            issues.append(
                Issue(
                    newsletter=newsletter,
                    title=title,
                    slug=slugify(title),
                    issue_date=issue_date,
                    introduction=self.rich_text(1),
                    contributors="\n".join(self.person() for _ in range(3)),
                    editors=f"{self.person()}, editor",
                    design_credit=f"{self.person()}, designer",
                    status=status,
                    publish_at=publish_at,
                )
            )
        return self.bulk(Issue, issues)

    def make_sections(self, issues: list[Issue]) -> None:
        if not issues:
            return
        sections, positions = [], {}
        for number in range(self.sizes.sections):
            issue = issues[number % len(issues)]
            position = positions.get(issue.pk, 0)
            positions[issue.pk] = position + 1
            heading = self.pick(SECTION_HEADINGS)
            sections.append(
                Section(
                    issue=issue,
                    position=position,
                    heading=heading,
                    anchor=f"{slugify(heading)}-{position + 1}",
                    author=self.person(),
                    author_role=f"Member of the {self.pick(GROUP_KINDS).lower()}",
                    body=self.rich_text(4),
                )
            )
        self.bulk(Section, sections)
        terms = [
            GlossaryTerm(issue=issue, term=term, meaning=meaning)
            for issue in issues[::3]
            for term, meaning in [
                ("DWP", "Department for Work and Pensions"),
                ("UC", "Universal Credit"),
            ]
        ]
        self.bulk(GlossaryTerm, terms)

    def make_subscribers(self, newsletters: list[Newsletter]) -> None:
        subscribers = []
        for number in range(self.sizes.subscribers):
            consent_at = self.now - dt.timedelta(days=self.rng.randint(1, 2_000))
            confirmed = self.rng.random() < 0.85
            subscribers.append(
                Subscriber(
                    email=f"reader{self.tag}{number + 1}@example.org",
                    name=self.person() if self.rng.random() < 0.5 else "",
                    consent_at=consent_at,
                    consent_source="/newsletters/subscribe/",
                    confirmed_at=consent_at + dt.timedelta(minutes=5) if confirmed else None,
                )
            )
        subscribers = self.bulk(Subscriber, subscribers)
        if not newsletters:
            return
        subscriptions = []
        for subscriber in subscribers:
            count = 1 if self.rng.random() < 0.8 else 2
            for newsletter in self.rng.sample(newsletters, min(count, len(newsletters))):
                unsubscribed = self.rng.random() < 0.05
                subscriptions.append(
                    Subscription(
                        subscriber=subscriber,
                        newsletter=newsletter,
                        subscribed_at=subscriber.consent_at,
                        unsubscribed_at=self.now if unsubscribed else None,
                    )
                )
        self.bulk(Subscription, subscriptions)


def counts() -> dict[str, int]:
    """How many rows each generated model has."""
    return {model._meta.label: model.objects.count() for model in reversed(MODELS)}


def has_content() -> bool:
    return any(model.objects.exists() for model in MODELS)


def tables() -> list[str]:
    """The tables the generator fills, with their many-to-many tables."""
    names = []
    for model in MODELS:
        names.append(model._meta.db_table)
        names.extend(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    return names


def analyse() -> None:
    """Bring PostgreSQL's statistics up to date, so the first measurements use the plans the
    site will have: what autovacuum does, later, to a site's database. ``VACUUM`` as well as
    ``ANALYZE``: it records the size of the search indexes (without it PostgreSQL thinks them
    dear and reads every section instead) and which rows every transaction sees (so an index
    alone can answer). Inside a transaction (a test), which ``VACUUM`` cannot run in, only
    ``ANALYZE``."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


def flush() -> None:
    """Empty every table the generator fills (and their many-to-many tables) at once, without
    loading the rows (TRUNCATE on PostgreSQL)."""
    if connection.vendor == "postgresql":
        # Check now the foreign keys PostgreSQL would check at the end of the transaction:
        # it cannot empty a table with such checks pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    sql = connection.ops.sql_flush(no_style(), tables(), allow_cascade=True)
    connection.ops.execute_sql_flush(sql)
    pagecache.refresh()
