"""An activity as a schema.org ``Event`` (JSON-LD), for search engines and calendars.

Only what the site records is said. It keeps no cancellations, prices or tickets, so the status
is always "scheduled" and nothing is claimed about cost. Of the access the activity records,
step-free access and a hearing loop are features of the venue (``amenityFeature`` of its
``Place``); schema.org has no property of an event for British Sign Language, easy-read papers
or travel costs, so those are said in words at the end of the description.
"""

from django.utils import timezone

from groups.structured_data import organisation_reference
from oig_site.core.links import absolute_url
from oig_site.core.sharing import plain, share_image

SCHEMA = "https://schema.org"

ATTENDANCE_MODES = {
    "in-person": f"{SCHEMA}/OfflineEventAttendanceMode",
    "online": f"{SCHEMA}/OnlineEventAttendanceMode",
    "both": f"{SCHEMA}/MixedEventAttendanceMode",
}


def _when(date, moment) -> str:
    """An ISO 8601 date, or date and time with the UK offset of that day."""
    if moment is not None:
        return timezone.localtime(moment).isoformat()
    return date.isoformat()


def _venue_features(activity) -> list[dict]:
    features = [
        ("Step-free access", activity.step_free_access),
        ("Hearing loop", activity.hearing_loop),
    ]
    return [
        {"@type": "LocationFeatureSpecification", "name": name, "value": True}
        for name, present in features
        if present
    ]


def _access_in_words(activity) -> str:
    offered = [
        label
        for label, present in (
            ("British Sign Language interpretation", activity.bsl_interpretation),
            ("easy-read papers", activity.easy_read_materials),
            ("travel costs paid", activity.travel_costs_paid),
        )
        if present
    ]
    return f"Access: {', '.join(offered)}." if offered else ""


def _place(activity) -> dict:
    name = plain(activity.venue) or activity.venue_unknown
    place = {"@type": "Place", "name": name}
    if activity.venue and not activity.venue_to_be_confirmed:
        place["address"] = plain(activity.venue)
    features = _venue_features(activity)
    if features:
        place["amenityFeature"] = features
    return place


def _virtual_location(activity, page_url: str) -> dict:
    # The joining link, only while the page shows it (until the activity is over); else the
    # page itself.
    shown = activity.online_url if activity.is_upcoming else ""
    return {"@type": "VirtualLocation", "url": shown or page_url}


def event_data(activity, groups) -> dict:
    """``activity`` (published) as an ``Event``; ``groups``: its published groups, the
    organisers."""
    page_url = absolute_url(activity.get_absolute_url())
    description = " ".join(filter(None, [plain(activity.summary), _access_in_words(activity)]))
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": activity.title,
        "description": description,
        "url": page_url,
        "startDate": _when(activity.start_date, activity.starts_at),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES.get(activity.mode, ATTENDANCE_MODES["in-person"]),
        "organizer": [organisation_reference(group) for group in groups],
    }
    if activity.end_date or activity.ends_at:
        data["endDate"] = _when(activity.end_date or activity.start_date, activity.ends_at)
    locations = []
    if activity.mode in ("in-person", "both"):
        locations.append(_place(activity))
    if activity.mode in ("online", "both"):
        locations.append(_virtual_location(activity, page_url))
    data["location"] = locations[0] if len(locations) == 1 else locations
    if activity.image:
        data["image"] = [share_image(activity).url]
    return data
