"""Editing in the admin, in a real browser: a photo chosen in a form that comes back with a
mistake is kept and saved with the correction; the rich-text editor has room to write, checks
spelling in British English and shows its toolbar's icons; leaving a changed page asks first.
Every admin screen passed through has no axe-core violations."""

import pytest
from django.apps import apps
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from activities.models import Activity
from oig_site.core.kept_uploads import KEPT_FOLDER
from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page: Page, demo_site, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a long passphrase")
    page.goto(f"{demo_site.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#content h1")).to_be_visible()
    return page


def add_activity(page: Page, demo_site) -> None:
    page.goto(f"{demo_site.url}/admin/activities/activity/add/")
    # The editor is ready (and set up by the site's script) once its area has a language.
    expect(page.locator(".prose-editor .ProseMirror[contenteditable]")).to_have_attribute(
        "lang", "en-GB"
    )


def a_photo(tmp_path):
    path = tmp_path / "Our coffee morning.jpg"
    Image.new("RGB", (1200, 800), "teal").save(path, "JPEG")
    return path


def test_a_photo_is_kept_after_a_mistake_and_saved_with_the_correction(
    signed_in: Page, demo_site, tmp_path, settings
):
    page = signed_in
    add_activity(page, demo_site)
    page.get_by_label("Title:").fill("Coffee morning")
    page.locator("input[type=file][name=image]").set_input_files(a_photo(tmp_path))
    # The mistakes: the photo has no description (alt text), and no group or summary.
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".errornote")).to_be_visible()
    note = page.locator(".kept-upload-note")
    expect(note).to_have_text(
        "Your image “Our coffee morning.jpg” is kept: you do not need to choose it again. "
        "It is saved when you save this page."
    )
    expect(page.locator(".kept-upload-preview")).to_be_visible()
    expect(page.locator("input[type=file][name=image]")).to_have_attribute(
        "aria-describedby", "id_image_kept"
    )
    assert not Activity.objects.filter(title="Coffee morning").exists()
    assert_no_wcag_violations(page)

    # The correction, without choosing the photo again.
    page.get_by_label("Image description (alt text):").fill("Parents around a table")
    page.get_by_label("Summary:").fill("Coffee, toys and a talk about the leisure centre.")
    page.locator("#id_groups + .select2").click()
    page.get_by_role("searchbox", name="Groups").fill("Parent")  # named for screen readers
    page.get_by_role("option", name="Parent Power").click()
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    activity = Activity.objects.get(title="Coffee morning")
    stored = settings.MEDIA_ROOT / activity.image.name
    assert stored.is_file()
    with Image.open(stored) as image:
        assert image.size == (1200, 800)
    kept = settings.PRIVATE_MEDIA_ROOT / KEPT_FOLDER
    assert not kept.exists() or not any(kept.iterdir())  # removed once saved
    expect(page.locator("input[type=file][name=image]")).to_have_count(1)
    expect(page.locator(".kept-upload")).to_have_count(0)


def test_the_rich_text_editor_has_room_spelling_and_visible_icons(signed_in: Page, demo_site):
    page = signed_in
    add_activity(page, demo_site)
    editable = page.locator(".prose-editor .ProseMirror[contenteditable]")
    expect(editable).to_have_attribute("spellcheck", "true")
    expect(editable).to_have_attribute("lang", "en-GB")
    expect(editable).to_have_accessible_name("Description:")

    empty_height = editable.bounding_box()["height"]
    assert empty_height >= 12 * 15, f"room for about twelve lines, not {empty_height}px"
    editable.click()
    for line in range(20):
        page.keyboard.type(f"Line {line} of what we did.")
        page.keyboard.press("Enter")
    assert editable.bounding_box()["height"] > empty_height  # it grows with what is written

    # The toolbar's icons are drawn with the editor's icon font, not shown as boxes or words.
    assert page.evaluate("document.fonts.check('24px \"Material Icons\"')")
    bold = page.locator(".prose-menubar__button", has_text="format_bold")
    expect(bold).to_have_css("font-family", '"Material Icons"')
    assert bold.bounding_box()["width"] < 40, "the icon's name is shown as a word"
    # The heading menu's arrow is drawn, not a character most fonts lack (shown as a box).
    arrow = page.locator(".prose-menubar__selected").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert arrow == '""'
    buttons = page.locator(".prose-menubar button")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        if button.is_visible():
            name = button.get_attribute("aria-label") or button.get_attribute("title")
            assert name or button.inner_text().strip(), button.evaluate("b => b.outerHTML")
    assert_no_wcag_violations(page)


def test_leaving_a_changed_page_asks_first(signed_in: Page, demo_site):
    page = signed_in
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    add_activity(page, demo_site)
    with page.expect_event("load"):
        page.reload()  # nothing changed: no question
    assert dialogs == []

    page.get_by_label("Title:").click()
    page.keyboard.type("Walk and talk")
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    expect(page.get_by_label("Title:")).to_have_value("Walk and talk")  # still open
    assert dialogs == ["beforeunload"]


def test_leaving_after_saving_does_not_ask(signed_in: Page, demo_site):
    page = signed_in
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(f"{demo_site.url}/admin/groups/topic/add/")
    page.get_by_label("Name:").click()
    page.keyboard.type("Transport")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert dialogs == []
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == []


def test_a_page_that_came_back_with_a_mistake_asks_before_leaving(signed_in: Page, demo_site):
    page = signed_in
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    add_activity(page, demo_site)
    page.get_by_label("Title:").click()
    page.keyboard.type("No group chosen")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".errornote")).to_be_visible()
    assert dialogs == []  # saving never asks
    # The note shows while the page is still being read; the site's script (deferred) runs
    # after that, so close only once it has set the editor up.
    expect(page.locator(".prose-editor .ProseMirror[contenteditable]").first).to_have_attribute(
        "lang", "en-GB"
    )
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]


EDIT_PAGES = {
    "issue with sections and a glossary": ("newsletters.Issue", "autumn-2020"),
    "group with aims and partners": ("groups.CommunityGroup", "oxford-influence-group"),
    "new member's story": ("groups.MemberStory", None),
}


@pytest.mark.parametrize("model, slug", EDIT_PAGES.values(), ids=EDIT_PAGES.keys())
def test_edit_pages_name_every_box_for_screen_readers(signed_in: Page, demo_site, model, slug):
    """Django's admin leaves the boxes of inline tables, of dates and times and of the
    autocomplete without names; the site's script names them."""
    page = signed_in
    model = apps.get_model(model)
    if slug is None:
        path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    else:
        obj = model.objects.get(slug=slug)
        path = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
    page.goto(f"{demo_site.url}{path}")
    expect(
        page.locator(".select2-search__field, .select2-selection--single").first
    ).to_be_attached()
    page.wait_for_function("document.readyState === 'complete'")
    assert_no_wcag_violations(page)


WIDE_TABLE_PAGES = {
    "ask with its timeline": ("asks.Ask", "services-designed-with-parents"),
    "group with aims and partners": ("groups.CommunityGroup", "oxford-influence-group"),
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("model, slug", WIDE_TABLE_PAGES.values(), ids=WIDE_TABLE_PAGES.keys())
def test_tables_of_parts_never_make_the_page_scroll_sideways(
    signed_in: Page, demo_site, model, slug, width
):
    """An ask's updates were wider than the page beside the menu at 1280 pixels: the whole
    page scrolled sideways. Their boxes now share the room, and a table still too wide for a
    phone scrolls on its own."""
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    model = apps.get_model(model)
    obj = model.objects.get(slug=slug)
    page.goto(
        f"{demo_site.url}"
        + reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    )
    expect(page.locator(".inline-group .tabular").first).to_be_visible()
    page.wait_for_function("document.readyState === 'complete'")
    scroll_width, view_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= view_width
    assert_no_wcag_violations(page)
