"""A group's look: the colour its coordinators choose from a vetted palette, and its banner
picture (or, without one, a pattern on its colour), on its page and its card."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from groups.models import GROUP_COLOUR_HEX, CommunityGroup, GroupColour
from tests.factories import CommunityGroupFactory, image_file
from tests.html import form_data, tags

pytestmark = pytest.mark.django_db

BUILT_CSS = settings.BASE_DIR / "static" / "css" / "site.min.css"


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour such as "#3d2364"."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", GroupColour.values)
def test_white_text_on_every_colour_a_coordinator_can_choose_is_easy_to_read(colour):
    assert contrast(GroupColour(colour).hex, "#ffffff") >= 4.5


def test_the_stylesheet_gives_each_colour_its_class_with_the_tested_shade():
    css = BUILT_CSS.read_text()
    built = dict(re.findall(r"\.group-colour-([a-z]+)\{--group-colour:\s*(#[0-9a-f]{6})\}", css))
    assert built == GROUP_COLOUR_HEX
    assert set(built) == set(GroupColour.values)


def banner(response) -> str:
    """The HTML of the page's first group banner."""
    html = response.content.decode()
    start = html.index('<div class="group-banner">')
    return html[start : html.index("</div>", start)]


def test_the_group_page_shows_its_colour_and_its_banner_with_its_description(client):
    group = CommunityGroupFactory(
        slug="parent-power",
        colour=GroupColour.TEAL,
        image=image_file(size=(900, 300)),
        image_alt="Parents and children at the community centre",
    )
    response = client.get(group.get_absolute_url())
    [header] = [h for h in tags(response, "header") if "group-header" in h.get("class", "")]
    assert "group-colour-teal" in header["class"].split()
    [picture] = [img for img in tags(response, "img") if "page-image" in img.get("class", "")]
    assert picture["alt"] == "Parents and children at the community centre"
    assert picture["src"] in banner(response)
    assert "group-pattern" not in banner(response)


def test_a_decorative_banner_has_empty_alt_text(client):
    group = CommunityGroupFactory(image=image_file(), image_decorative=True)
    response = client.get(group.get_absolute_url())
    [picture] = [img for img in tags(response, "img") if "page-image" in img.get("class", "")]
    assert picture["alt"] == ""


def test_without_a_banner_the_group_page_shows_a_pattern_as_decoration(client):
    group = CommunityGroupFactory(colour=GroupColour.BERRY)
    response = client.get(group.get_absolute_url())
    [pattern] = [img for img in tags(response, "img") if "group-pattern" in img.get("class", "")]
    assert pattern["alt"] == ""
    assert pattern["src"].endswith("img/group-pattern.svg")
    assert 'class="page-header group-header group-colour-berry"' in response.content.decode()


def test_a_group_card_has_its_colour_and_its_banner(client):
    CommunityGroupFactory(
        name="Parent Power",
        colour=GroupColour.GREEN,
        image=image_file(size=(900, 300)),
        image_alt="Parents talking",
    )
    CommunityGroupFactory(name="Team-Up", colour=GroupColour.SLATE)
    for url in (reverse("groups:group_list"), reverse("home")):
        response = client.get(url)
        cards = [a for a in tags(response, "article") if "group-card" in a.get("class", "")]
        classes = {c for card in cards for c in card["class"].split()}
        assert {"group-colour-green", "group-colour-slate"} <= classes
        alts = [img["alt"] for img in tags(response, "img") if "page-image" in img.get("class", "")]
        assert "Parents talking" in alts
        patterns = [img for img in tags(response, "img") if "group-pattern" in img.get("class", "")]
        assert len(patterns) == 1


# In the admin ---------------------------------------------------------------------------


def change_url(group):
    return reverse("admin:groups_communitygroup_change", args=[group.pk])


def test_the_admin_offers_only_the_palette_with_the_sites_colour_chosen_for_a_new_group(
    admin_client,
):
    response = admin_client.get(reverse("admin:groups_communitygroup_add"))
    [select] = [s for s in tags(response, "select") if s.get("name") == "colour"]
    options = re.findall(r'<option value="([^"]*)"( selected)?', response.content.decode())
    colour_options = [value for value, _ in options if value in GroupColour.values]
    assert colour_options == GroupColour.values
    assert ("plum", " selected") in options
    assert select["id"] == "id_colour"


def test_a_coordinator_sets_the_colour_and_banner_of_their_group_and_it_is_kept_in_history(
    coordinator_client,
):
    group = coordinator_client.group
    data = form_data(coordinator_client.get(change_url(group)), "communitygroup_form")
    data.update(
        colour="brown",
        image=image_file(size=(900, 300)),
        image_alt="The community centre in Blackbird Leys",
    )
    data.pop("_addanother", None)
    response = coordinator_client.post(change_url(group), data)
    assert response.status_code == 302, response.context["adminform"].errors
    group.refresh_from_db()
    assert group.colour == "brown"
    assert group.image
    assert group.image_alt == "The community centre in Blackbird Leys"
    [latest, *_] = Version.objects.get_for_object(group)
    assert latest.field_dict["colour"] == "brown"


def test_a_colour_outside_the_palette_is_refused(coordinator_client):
    group = coordinator_client.group
    data = form_data(coordinator_client.get(change_url(group)), "communitygroup_form")
    data["colour"] = "yellow"
    response = coordinator_client.post(change_url(group), data)
    assert response.status_code == 200
    assert "colour" in response.context["adminform"].errors
    group.refresh_from_db()
    assert group.colour == "plum"


def test_a_coordinator_cannot_change_another_groups_colour(coordinator_client):
    other = CommunityGroupFactory(name="Team-Up", slug="team-up", colour=GroupColour.BLUE)
    data = form_data(
        coordinator_client.get(change_url(coordinator_client.group)), "communitygroup_form"
    )
    data.update(name="Team-Up", slug="team-up", colour="berry")
    response = coordinator_client.post(change_url(other), data)
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.colour == "blue"


# Demo content -----------------------------------------------------------------------------


def test_the_demo_gives_each_group_its_own_colour_and_an_illustration_described():
    call_command("load_demo_content", stdout=StringIO())
    groups = list(CommunityGroup.objects.all())
    assert len(groups) >= 4
    assert len({group.colour for group in groups}) == len(groups)
    for group in groups:
        assert group.image, group
        assert group.image.storage.exists(group.image.name)
        assert group.image_alt.startswith("Illustration: "), group
        assert group.image_width > 3 * group.image_height - 100
