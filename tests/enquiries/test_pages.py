"""The Get involved pages, Contact us, the privacy notice, and how the rest of the site leads to
them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from enquiries import forms as enquiry_forms
from enquiries.models import Enquiry
from groups.models import SUPPORT_FOR_MEMBERS, WHAT_MEMBERS_DO, CommunityGroup
from tests import hostile
from tests.enquiries.conftest import enquiry_data
from tests.factories import CommunityGroupFactory, NewsletterFactory
from tests.html import tags, text, whole_sitemap

pytestmark = pytest.mark.django_db


def get_involved_url(group) -> str:
    return reverse("enquiries:group_get_involved", kwargs={"slug": group.slug})


def test_a_group_page_links_to_its_get_involved_page_near_the_top(client, influence_group):
    body = text(client.get(influence_group.get_absolute_url()))
    link = f'<a class="button" href="{get_involved_url(influence_group)}">'
    assert link in body
    assert body.index(link) < body.index("About the group")


def test_a_group_page_prints_no_site_address_when_the_group_has_no_contact(client, settings):
    group = CommunityGroupFactory(slug="quiet", email="", phone="", website="")
    body = text(client.get(group.get_absolute_url()))
    assert settings.SITE_CONTACT_EMAIL not in body
    assert f'href="{get_involved_url(group)}">Send {group.name} a message' in body


def test_the_header_and_home_page_lead_to_get_involved(client):
    response = client.get(reverse("home"))
    hrefs = [a.get("href") for a in tags(response, "a")]
    assert hrefs.count(reverse("enquiries:get_involved")) == 2  # the header and the page


def test_the_footer_links_to_contact_us_and_the_privacy_notice_not_an_address(client, settings):
    body = text(client.get(reverse("home")))
    footer = body[body.index('<footer class="site-footer">') :]
    assert f'href="{reverse("enquiries:contact")}"' in footer
    assert f'href="{reverse("privacy")}"' in footer
    assert settings.SITE_CONTACT_EMAIL not in body


def test_get_involved_page_has_general_texts_until_the_group_writes_its_own(
    client, influence_group
):
    body = text(client.get(get_involved_url(influence_group)))
    assert "<h1>Get involved with Oxford Influence Group</h1>" in body
    assert WHAT_MEMBERS_DO in body and SUPPORT_FOR_MEMBERS in body

    influence_group.what_members_do = "We meet on Thursdays to prepare for committees."
    influence_group.support_for_members = "Bus fares paid & lunch provided."
    influence_group.save()
    body = text(client.get(get_involved_url(influence_group)))
    assert "We meet on Thursdays to prepare for committees." in body
    assert "Bus fares paid &amp; lunch provided." in body
    assert WHAT_MEMBERS_DO not in body


def test_get_involved_page_has_the_form_without_a_choice_of_group(client, influence_group):
    response = client.get(get_involved_url(influence_group))
    names = {tag.get("name") for tag in tags(response, "input")} | {
        tag.get("name") for tag in tags(response, "textarea")
    }
    assert {"name", "email", "phone", "interest", "message", "access_needs", "consent"} <= names
    assert "group" not in names
    assert f'href="{reverse("privacy")}"' in text(response)


def test_no_coordinator_address_on_the_public_pages(client, influence_group, coordinator):
    for url in (
        influence_group.get_absolute_url(),
        get_involved_url(influence_group),
        reverse("enquiries:contact"),
        reverse("enquiries:get_involved"),
        reverse("privacy"),
    ):
        assert coordinator.email not in text(client.get(url)), url


def test_an_unpublished_group_has_no_get_involved_page(client):
    group = CommunityGroupFactory(slug="draft-group", status="draft")
    assert client.get(get_involved_url(group)).status_code == 404


def test_the_honeypot_is_hidden_labelled_and_out_of_the_tab_order(client, influence_group):
    response = client.get(get_involved_url(influence_group))
    [box] = [tag for tag in tags(response, "input") if tag.get("name") == "website"]
    assert box["tabindex"] == "-1" and box["autocomplete"] == "off"
    body = text(response)
    label = f'<label for="{box["id"]}">Leave this box empty'
    assert label in body
    assert body.rindex('<div class="visually-hidden">', 0, body.index(label)) > body.index("<form")


def test_contact_page_lists_the_groups_while_there_are_few(client, influence_group, parent_power):
    response = client.get(reverse("enquiries:contact") + "?group=parent-power")
    options = tags(response, "option")
    assert [o.get("value") for o in options] == ["", "oxford-influence-group", "parent-power"]
    assert "selected" in options[2]
    assert ">Not sure</option>" in text(response)


def test_contact_page_with_many_groups_takes_the_group_from_the_link(
    client, influence_group, parent_power, monkeypatch
):
    monkeypatch.setattr(enquiry_forms, "GROUPS_LISTED_IN_FULL", 1)
    monkeypatch.setattr("enquiries.views.GROUPS_LISTED_IN_FULL", 1)
    response = client.get(reverse("enquiries:contact") + "?group=parent-power")
    assert tags(response, "option") == []
    [hidden] = [t for t in tags(response, "input") if t.get("name") == "group"]
    assert hidden["type"] == "hidden" and hidden["value"] == "parent-power"
    assert "Your message will go to <strong>Parent Power</strong>" in text(response)

    response = client.get(reverse("enquiries:contact"))
    assert "Your message will go to the site team" in text(response)


@pytest.mark.parametrize("groups", [3, 30])
def test_contact_page_queries_do_not_grow_with_the_groups(
    client, groups, django_assert_num_queries
):
    CommunityGroupFactory.create_batch(groups)
    with django_assert_num_queries(1):
        assert client.get(reverse("enquiries:contact")).status_code == 200


def test_contact_page_with_a_thousand_groups_stays_small(client, monkeypatch):
    monkeypatch.setattr("enquiries.views.GROUPS_LISTED_IN_FULL", 5)
    CommunityGroupFactory.create_batch(6)
    response = client.get(reverse("enquiries:contact"))
    assert tags(response, "option") == []


@pytest.mark.parametrize("groups", [3, 30])
def test_get_involved_pages_make_a_fixed_number_of_queries(
    client, groups, django_assert_num_queries
):
    made = CommunityGroupFactory.create_batch(groups)
    with django_assert_num_queries(1):
        assert client.get(reverse("enquiries:get_involved")).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(get_involved_url(made[0])).status_code == 200


def test_general_get_involved_page_lists_groups_and_leads_to_contact(client, influence_group):
    body = text(client.get(reverse("enquiries:get_involved")))
    assert f'href="{get_involved_url(influence_group)}"' in body
    assert f'href="{reverse("enquiries:contact")}"' in body


def test_privacy_notice_gives_the_retention_periods_from_the_settings(client, settings):
    settings.ENQUIRY_RETENTION_MONTHS = 7
    settings.SIGNUP_RETENTION_DAYS = 45
    body = text(client.get(reverse("privacy")))
    assert "<h1>Privacy notice</h1>" in body
    assert "We delete closed messages 7 months after" in body
    assert "we delete sign-ups 45 days after the event" in body
    assert f'href="{reverse("enquiries:contact")}"' in body


def test_privacy_notice_reads_30_days_for_sign_ups_by_default(client, settings):
    if hasattr(settings, "SIGNUP_RETENTION_DAYS"):
        del settings.SIGNUP_RETENTION_DAYS
    assert "we delete sign-ups 30 days after the event" in text(client.get(reverse("privacy")))


def test_every_form_asking_for_personal_details_links_to_the_privacy_notice(
    client, influence_group
):
    newsletter = NewsletterFactory(slug="working-together", groups=[influence_group])
    for address in (
        get_involved_url(influence_group),
        reverse("enquiries:contact"),
        reverse("newsletters:subscribe"),
        reverse("newsletters:ask", args=[newsletter.slug]),
    ):
        body = text(client.get(address))
        main = body[body.index('<main id="main-content"') : body.index("</main>")]
        assert 'href="/privacy/' in main, address


def test_every_demo_group_page_leads_to_a_working_form_in_one_click(client, mailoutbox):
    call_command("load_demo_content", stdout=StringIO())
    groups = list(CommunityGroup.objects.published())
    assert len(groups) >= 4
    for group in groups:
        page = hostile.read_page("http://testserver/", text(client.get(group.get_absolute_url())))
        target = reverse("enquiries:group_get_involved", kwargs={"slug": group.slug})
        assert f"http://testserver{target}" in page.links, group.slug
        form_page = hostile.read_page("http://testserver/", text(client.get(target)))
        [form] = [f for f in form_page.forms if f.method == "post"]
        data = hostile.plausible_data(form)
        data.update(enquiry_data(name=f"Visitor of {group.name}"))
        response = client.post(hostile.same_site_path(form.action), data)
        assert response.status_code == 302, group.slug
        assert Enquiry.objects.filter(group=group, name=f"Visitor of {group.name}").exists()


def test_the_sitemap_lists_get_involved_contact_and_privacy(client):
    sitemap = whole_sitemap(client)
    for name in ("enquiries:get_involved", "enquiries:contact", "privacy"):
        assert f"http://testserver{reverse(name)}</loc>" in sitemap, name
