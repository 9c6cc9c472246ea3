"""A coordinator signs in, drafts an activity, previews it, schedules it, and it appears on the
public site by itself when its time comes (the test moves the time rather than waiting)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from activities.models import Activity
from groups.models import CommunityGroup
from tests.factories import staff_member

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(demo_site, django_user_model):
    return staff_member(
        "sam@example.org",
        "sam@example.org",
        groups=[CommunityGroup.objects.get(slug="parent-power")],
        password="a long coordinator passphrase",
    )


def test_draft_preview_schedule_and_publish(page: Page, browser: Browser, demo_site, coordinator):
    page.goto(f"{demo_site.url}/admin/")
    page.get_by_label("Username").fill("sam@example.org")
    page.get_by_label("Password").fill("a long coordinator passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#your-groups")).to_contain_text("Parent Power")

    page.goto(f"{demo_site.url}/admin/activities/activity/add/")
    page.get_by_label("Title:").press_sequentially("Parents' coffee and chat")  # as typed
    expect(page.get_by_label("Web address:")).to_have_value("parents-coffee-and-chat")
    page.get_by_label("Summary:").fill("Tea, toys and a chance to talk about the leisure centre.")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    public_url = f"{demo_site.url}/activities/parents-coffee-and-chat/"
    page.goto(public_url)
    expect(page.get_by_role("status")).to_contain_text("Draft preview.")

    visitor = browser.new_page()
    assert visitor.goto(public_url).status == 404

    # Schedule it an hour ahead, as a coordinator would.
    when = timezone.localtime() + dt.timedelta(hours=1)
    page.go_back()
    page.goto(f"{demo_site.url}/admin/activities/activity/?q=coffee")
    page.get_by_role("link", name="Parents' coffee and chat").click()
    page.locator("#id_status").select_option("published")
    page.locator("#id_publish_at_0").fill(when.strftime("%d/%m/%Y"))
    page.locator("#id_publish_at_1").fill(when.strftime("%H:%M:%S"))
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"{demo_site.url}/admin/")
    expect(page.locator("#scheduled")).to_contain_text("Parents' coffee and chat")
    assert visitor.goto(public_url).status == 404

    # Its time comes: move the scheduled time into the past rather than wait for it.
    activity = Activity.objects.get(slug="parents-coffee-and-chat")
    assert activity.publish_at > timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        publish_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert visitor.goto(public_url).status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Parents' coffee and chat")
    expect(visitor.get_by_role("status")).to_have_count(0)  # no preview banner for visitors
    visitor.goto(f"{demo_site.url}/groups/parent-power/activities/")
    expect(visitor.get_by_role("link", name=re.compile("Parents' coffee and chat"))).to_be_visible()
    visitor.close()
