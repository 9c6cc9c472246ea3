"""The admin for the site's own pages and words: the glossary used across the site, and the
easy-read versions of fixed pages (the about page). Site editors manage them."""

from django.contrib import admin
from reversion_compare.admin import CompareVersionAdmin

from oig_site.core.admin import EasyReadInline, KeepsUploadsAdmin
from oig_site.core.models import EasyReadPage, EasyReadPageLine, SiteGlossaryTerm


@admin.register(SiteGlossaryTerm)
class SiteGlossaryTermAdmin(CompareVersionAdmin):
    list_display = ("term", "meaning")
    search_fields = ("term", "meaning")
    fields = ("term", "meaning")


class EasyReadPageLineInline(EasyReadInline):
    model = EasyReadPageLine


@admin.register(EasyReadPage)
class EasyReadPageAdmin(KeepsUploadsAdmin, CompareVersionAdmin):
    list_display = ("__str__", "updated_at")
    fields = ("key",)
    inlines = (EasyReadPageLineInline,)
