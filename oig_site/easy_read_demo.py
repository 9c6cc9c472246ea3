"""Demo content for easy read: the site's glossary of everyday short forms, and easy-read
versions of the three Oxfordshire groups' pages, one activity, one newsletter issue and the
about page, with
simple pictures drawn for the project (``oig_site/demo_images/easy-read``)."""

from pathlib import Path

from activities.models import Activity, ActivityEasyReadLine
from groups.models import CommunityGroup, GroupEasyReadLine
from newsletters.models import Issue, IssueEasyReadLine
from oig_site.core.demo import attach_image, upsert
from oig_site.core.models import EasyReadPage, EasyReadPageLine, SiteGlossaryTerm

PICTURES = Path(__file__).resolve().parent / "demo_images" / "easy-read"

# The pictures, each with its description for people who cannot see it.
ALT = {
    "people": "Three people sitting together at a table",
    "house": "A house",
    "money": "A pile of coins",
    "talk": "A person talking, with a speech bubble",
    "calendar": "A calendar with one day marked",
    "heart": "A red heart",
    "family": "Two adults and a child",
    "newsletter": "A newsletter page",
    "question": "A question mark",
}

GLOSSARY = {
    "UC": "Universal Credit, money from the government if you have a low income or are out of work",
    "PIP": "Personal Independence Payment, money to help with extra costs if you have a "
    "disability or long-term illness",
    "DWP": "Department for Work and Pensions, the part of government that pays benefits",
    "ESA": "Employment and Support Allowance, money if illness or disability makes it hard to work",
    "NHS": "National Health Service, free health care in the UK",
    "CAB": "Citizens Advice Bureau, a charity that gives free advice",
    "OCC": "Oxfordshire County Council",
    "SCIE": "Social Care Institute for Excellence",
}

# Each page's lines: (text, picture or "").
GROUP_LINES = {
    "oxford-influence-group": [
        ("The Oxford Influence Group is a small group of people.", "people"),
        ("We all first went to Citizens Advice Oxford for help.", "question"),
        ("Now we help to make services better for everyone.", "heart"),
        ("We talk about housing, benefits, jobs and mental health.", "house"),
        ("UC means Universal Credit, money from the government.", "money"),
        ("We tell councils and charities what it is like to use their services.", "talk"),
        ("We work with them as equals.", ""),
    ],
    "parent-power": [
        ("Parent Power is a group of parents in Blackbird Leys in Oxford.", "family"),
        ("We meet at the Blackbird Leys community centre.", "house"),
        ("Parents lead the group and decide what it does.", "people"),
        ("We help each other and our families.", "heart"),
        ("We work to make our area better for children.", ""),
    ],
    "team-up-co-production-board": [
        ("The Team-Up Board works with Oxfordshire County Council.", "people"),
        ("Most members use services or are carers.", "heart"),
        ("The Board checks how the council works with people.", "question"),
        ("It gives advice to people who want to work together as equals.", "talk"),
        ("Each meeting has time to bring and share ideas.", "calendar"),
    ],
}
ACTIVITY = "tenants-without-a-voice-online-meeting"
ACTIVITY_LINES = [
    ("In July 2020 we had a meeting on the computer.", "people"),
    ("Ten people came who rent their homes.", "house"),
    ("Their landlords do not ask them what they think.", "talk"),
    ("We talked about how to change that.", "question"),
    ("Someone from a tenants' group wrote about the meeting.", "newsletter"),
]
ISSUE = ("working-together", "autumn-2020")
ISSUE_LINES = [
    ("This is the autumn 2020 newsletter about working together.", "newsletter"),
    ("In July 2020 there was a week of online events.", "calendar"),
    ("People from all over the country joined in.", "people"),
    ("People said the events were friendly and helpful.", "heart"),
    ("You can send us a question by e-mail.", "question"),
    ("We will answer it in the next newsletter.", "talk"),
]
ABOUT_LINES = [
    ("Co-production means working together as equals.", "people"),
    ("Some people use services, like housing or benefits.", "house"),
    ("Other people run those services.", ""),
    ("They meet and make plans together.", "talk"),
    ("Everyone's ideas matter the same.", "heart"),
    ("This makes services better for everyone.", ""),
]


def _lines(model, parent_field: str, parent, lines) -> None:
    """The parent's lines as given, in order: updated in place, extra ones removed."""
    for position, (text, picture) in enumerate(lines, start=1):
        line = upsert(
            model,
            {parent_field: parent, "position": position},
            {"text": text, "image_alt": ALT.get(picture, ""), "image_decorative": False},
        )
        if picture:
            attach_image(line, "image", PICTURES / f"{picture}.png")
    model.objects.filter(**{parent_field: parent, "position__gt": len(lines)}).delete()


def load(stdout=None) -> None:
    for term, meaning in GLOSSARY.items():
        upsert(SiteGlossaryTerm, {"term": term}, {"meaning": meaning})
    for slug, lines in GROUP_LINES.items():
        group = CommunityGroup.objects.filter(slug=slug).first()
        if group is not None:
            _lines(GroupEasyReadLine, "group", group, lines)
    activity = Activity.objects.filter(slug=ACTIVITY).first()
    if activity is not None:
        _lines(ActivityEasyReadLine, "activity", activity, ACTIVITY_LINES)
    issue = Issue.objects.filter(newsletter__slug=ISSUE[0], slug=ISSUE[1]).first()
    if issue is not None:
        _lines(IssueEasyReadLine, "issue", issue, ISSUE_LINES)
    about = upsert(EasyReadPage, {"key": EasyReadPage.Key.ABOUT}, {})
    _lines(EasyReadPageLine, "page", about, ABOUT_LINES)
    if stdout:
        stdout.write("Easy read: the glossary and the easy-read pages are up to date.")


def flush(stdout=None) -> None:
    """The demo groups' and issue's lines go with them; the about page's and the glossary's
    demo rows are removed here."""
    EasyReadPage.objects.filter(key=EasyReadPage.Key.ABOUT).delete()
    SiteGlossaryTerm.objects.filter(term__in=GLOSSARY).delete()
    if stdout:
        stdout.write("Easy read: removed the demo glossary and the about page's easy read.")
