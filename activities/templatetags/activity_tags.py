"""Activity lists for pages of other apps (the home page, a group's page), so that those apps'
Python code never imports this one."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.dateformat import time_format

from activities.models import Activity

register = template.Library()


@register.simple_tag
def upcoming_activities(group=None, limit: int = 3):
    """The next few published activities, soonest first (of one group, or of every group)."""
    activities = Activity.objects.published().upcoming()
    if group is not None:
        activities = activities.filter(groups=group)
    return list(activities.for_lists()[:limit])


@register.simple_tag
def recent_activities(group, limit: int = 5):
    """A group's latest published activities that have happened."""
    return list(Activity.objects.published().past().filter(groups=group).for_lists()[:limit])


def format_date_time(value) -> str:
    """A time as people write it: "6pm", "6:30pm", "12 noon"."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    return time_format(value, "g:i A").replace(":00", "").replace(" ", "").lower()


@register.filter
def when(activity: Activity) -> str:
    """When an activity is, in words: "Thursday 23 July 2020, 6pm to 7:30pm"."""
    text = format_date(activity.start_date, "l j F Y")
    if activity.end_date and activity.end_date != activity.start_date:
        text += " to " + format_date(activity.end_date, "l j F Y")
    if activity.start_time:
        text += f", {format_date_time(activity.start_time)}"
        if activity.end_time:
            text += f" to {format_date_time(activity.end_time)}"
    return text
