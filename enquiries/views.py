"""The Get involved pages and the Contact us form.

The forms are on cached pages, so they carry no CSRF token: posts from other sites are refused
by their origin (``same_origin_only``), as for the subscribe form. Bots are kept out without a
CAPTCHA (see ``oig_site.core.spam``): what looks automated is discarded quietly, and the sender
sees the same thank-you page as everyone else."""

import logging

from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import TemplateView

from enquiries.forms import GROUPS_LISTED_IN_FULL, EnquiryForm
from enquiries.services import enquiry_submit
from groups.models import CommunityGroup
from oig_site.core.origin import same_origin_only
from oig_site.core.throttle import allow_visitor_and_address, client_key
from oig_site.core.views import FetchedContextMixin, fetched, published_or_404

logger = logging.getLogger(__name__)

# Per visitor's address, enough for a busy meeting sharing one Wi-Fi; per e-mail address,
# enough for anyone writing to a few groups, too few to fill someone's inbox.
LIMIT_PER_CLIENT = 30
LIMIT_PER_ADDRESS = 5
WINDOW_SECONDS = 60 * 60
# How many groups the general Get involved page lists (with a link to them all).
GROUPS_SHOWN = 12


def too_many_attempts(request):
    response = render(request, "enquiries/too_many_attempts.html", status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


class EnquiryFormView(View):
    """Shows the form on GET. On POST: checks it (errors: the form again, 400), counts it
    against the throttles (429 past them), discards spam quietly, then stores and sends the
    enquiry; spam and enquiries alike end on the thank-you page."""

    template_name = ""

    def get_form(self, data=None) -> EnquiryForm:
        raise NotImplementedError

    def get_context(self, form) -> dict:
        return {"form": form}

    def render_form(self, form, status=200):
        return render(
            request=self.request,
            template_name=self.template_name,
            context=fetched(self.get_context(form)),
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = form.cleaned_data
        if not allow_visitor_and_address(
            scope="enquiry",
            visitor=client_key(request),
            address=data["email"].lower() or None,
            per_visitor=LIMIT_PER_CLIENT,
            per_address=LIMIT_PER_ADDRESS,
            window_seconds=WINDOW_SECONDS,
        ):
            return too_many_attempts(request)
        if reason := form.spam_reason():
            logger.info("An enquiry was discarded as spam: %s.", reason)
            return redirect("enquiries:thanks")
        enquiry_submit(
            group=form.chosen_group,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            interest=data["interest"],
            message=data["message"],
            access_needs=data["access_needs"],
        )
        return redirect("enquiries:thanks")


@method_decorator(same_origin_only, name="dispatch")
class GroupGetInvolvedView(EnquiryFormView):
    """A group's Get involved page: what members do, the support they get, and the form."""

    template_name = "enquiries/group_get_involved.html"

    def dispatch(self, request, *args, **kwargs):
        self.group = published_or_404(CommunityGroup, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        return EnquiryForm(data, group=self.group)

    def get_context(self, form):
        return {"form": form, "group": self.group}


@method_decorator(same_origin_only, name="dispatch")
class ContactView(EnquiryFormView):
    """Contact us: the same form for the site, with a choice of group or "Not sure". While
    there are few groups it lists them; with many, the group comes from the link that led
    here (``?group=<slug>``) and "Not sure" is the default."""

    template_name = "enquiries/contact.html"

    def dispatch(self, request, *args, **kwargs):
        groups = list(
            CommunityGroup.objects.published()
            .filter(is_active=True)
            .order_by("name")
            .only("name", "slug")[: GROUPS_LISTED_IN_FULL + 1]
        )
        self.groups_offered = groups if len(groups) <= GROUPS_LISTED_IN_FULL else None
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        initial = {}
        slug = self.request.GET.get("group", "")
        if data is None and slug:
            initial["group"] = slug
        form = EnquiryForm(data, initial=initial, groups_offered=self.groups_offered)
        return form

    def get_context(self, form):
        linked_group = None
        if self.groups_offered is None:
            # The group named in the form (from the link, or as posted), to say where it goes.
            slug = form["group"].value() or ""
            if isinstance(slug, str) and 0 < len(slug) <= 150:
                groups = CommunityGroup.objects.published().only("name", "slug")
                linked_group = groups.filter(slug=slug).first()
        return {"form": form, "linked_group": linked_group}


class ThanksView(TemplateView):
    template_name = "enquiries/thanks.html"


class GetInvolvedView(FetchedContextMixin, TemplateView):
    """The header's Get involved page: what taking part means, and the ways in."""

    template_name = "enquiries/get_involved.html"

    def get_context_data(self, **kwargs):
        groups = list(
            CommunityGroup.objects.published()
            .filter(is_active=True)
            .order_by("name")
            .only("name", "slug", "area")[: GROUPS_SHOWN + 1]
        )
        return super().get_context_data(
            groups=groups[:GROUPS_SHOWN], more_groups=len(groups) > GROUPS_SHOWN, **kwargs
        )
