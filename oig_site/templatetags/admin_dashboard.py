from django import template

from oig_site.dashboard import editor_dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard(context):
    return editor_dashboard(context["request"].user)
