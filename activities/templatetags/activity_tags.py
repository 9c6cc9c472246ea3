"""How activities read on any page: pure formatting, never a query."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.dateformat import time_format

from activities.models import Activity

register = template.Library()


def format_date_time(value) -> str:
    """A time as people write it: "6pm", "6:30pm", "12 noon"."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    return time_format(value, "g:i A").replace(":00", "").replace(" ", "").lower()


@register.filter(expects_localtime=True)
def clock(value) -> str:
    """A time of day (from a date and time, in UK time) as the rest of the page writes it."""
    return format_date_time(value) if value else ""


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
