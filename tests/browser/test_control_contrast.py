"""Non-text contrast of every form control on the public site (WCAG 2.2 1.4.11 and 2.4.7), which
axe does not measure: read from each control's computed styles in a real browser.

- Unfocused, each control's edge can be seen: its border, or its own background, has at least
  3:1 contrast with the colour behind it.
- Focused from the keyboard, each control shows the site's one focus indicator (the same outline
  and ring on every control), with a part at least 3:1 against the colour behind it and at
  least 2 px thick.
- Focused links are highlighted with a dark bar at least 3:1 against the page.
"""

import json

import pytest
from django.core.cache import cache
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Every public page with a form, and the page with a form's errors showing.
PAGES = {
    "subscribe": "/newsletters/subscribe/",
    "group page": "/groups/oxford-influence-group/",
    "get involved": "/get-involved/",
    "group's get involved": "/groups/parent-power/get-involved/",
    "contact": "/contact/",
    "event sign-up": "/activities/parent-power-coffee-morning/",
    "question for the editors": "/newsletters/working-together/ask/",
    "site search": "/search/?q=co-production",
    "directory filters": "/groups/",
    "activity filters": "/activities/?kind=meeting",
    "newsletter archive": "/newsletters/",
    "asks filters": "/groups/oxford-influence-group/asks/",
    "impact period": "/groups/oxford-influence-group/impact/",
}

# Runs in the page: the colours and widths of each control's edge and of its focus indicator.
# Closed disclosures are opened first so that the controls inside them are measured too.
MEASURE = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const behind = (el) => {
    // The colour behind a control: the nearest ancestor with an opaque background.
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a === 1) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const shadows = (value) => value === 'none' ? [] : value.split(/,(?![^(]*\\))/).map(s => {
    const color = parse(s);
    const lengths = s.replace(/rgba?\\([^)]*\\)/, '').match(/-?[\\d.]+px/g) || [];
    return {color, inset: s.includes('inset'), lengths: lengths.map(parseFloat)};
  });
  const describe = (el) => el.tagName.toLowerCase() + (el.type ? `[type=${el.type}]` : '')
    + (el.id ? '#' + el.id : el.name ? `[name=${el.name}]` : '')
    + ` "${(el.labels && el.labels[0] ? el.labels[0] : el).textContent.trim().slice(0, 40)}"`;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden'
      && !el.closest('.visually-hidden');
  };
  const controls = [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button, summary')].filter(visible);
  const links = [...document.querySelectorAll('main a[href]')].filter(visible).slice(0, 3);
  const measure = (el) => {
    // Bootstrap eases edges and glows in: read the styles as they end.
    document.getAnimations().forEach(animation => animation.finish());
    const s = getComputedStyle(el);
    const sides = ['Top', 'Right', 'Bottom', 'Left'].map(side => ({
      width: parseFloat(s[`border${side}Width`]),
      style: s[`border${side}Style`],
      color: parse(s[`border${side}Color`]),
    }));
    return {
      sides,
      background: parse(s.backgroundColor),
      appearance: s.appearance,
      outline: {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                color: parse(s.outlineColor), offset: s.outlineOffset},
      shadows: shadows(s.boxShadow),
      signature: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset,
                  s.boxShadow].join(' | '),
    };
  };
  const result = (el) => {
    const before = measure(el);
    el.focus();
    const focusVisible = el.matches(':focus-visible');
    const after = measure(el);
    el.blur();
    const invalid = el.matches('[aria-invalid="true"], .is-invalid');
    return {name: describe(el), behind: behind(el), before, after, focusVisible, invalid};
  };
  return {controls: controls.map(result), links: links.map(result)};
}"""


def luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour["r"])
        + 0.7152 * channel(colour["g"])
        + 0.0722 * channel(colour["b"])
    )


def over(colour, background):
    """A colour with transparency, as seen over an opaque background."""
    a = colour["a"]
    return {k: colour[k] * a + background[k] * (1 - a) for k in "rgb"}


def contrast(colour, background):
    if colour is None:
        return 1.0
    lighter, darker = sorted(
        (luminance(over(colour, background)), luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def edge_contrast(control):
    """The best contrast of a control's edge with what is behind it: a visible border on every
    side, or the control's own background."""
    behind, style = control["behind"], control["before"]
    sides = style["sides"]
    border = (
        min(contrast(side["color"], behind) for side in sides)
        if all(side["width"] >= 1 and side["style"] not in ("none", "hidden") for side in sides)
        else 1.0
    )
    return max(border, contrast(style["background"], behind))


def indicator_parts(style):
    """The focus indicator's rings drawn outside the control: (colour, thickness)."""
    parts = []
    outline = style["outline"]
    if outline["style"] not in ("none", "hidden") and outline["width"] > 0:
        parts.append((outline["color"], outline["width"]))
    for shadow in style["shadows"]:
        lengths = shadow["lengths"] + [0] * 4
        spread = lengths[3]
        if not shadow["inset"] and spread > 0:
            parts.append((shadow["color"], spread - (outline["width"] if parts else 0)))
    return parts


def measure(page: Page, url):
    page.goto(url)
    page.keyboard.press("Tab")  # focus from the keyboard, as :focus-visible expects
    return json.loads(json.dumps(page.evaluate(MEASURE)))


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def problems_with_controls(controls):
    problems = []
    for control in controls:
        name = control["name"]
        if control["before"]["appearance"] != "none" and "[type=checkbox]" in name:
            problems.append(f"{name}: a browser-drawn tick box, whose edge the site cannot set")
        if (ratio := edge_contrast(control)) < 3:
            problems.append(f"{name}: edge {ratio:.2f}:1 against its background")
        if not control["focusVisible"]:
            problems.append(f"{name}: no keyboard focus style applies")
        parts = indicator_parts(control["after"])
        best = max(
            (contrast(colour, control["behind"]) for colour, width in parts if width >= 2),
            default=1,
        )
        if best < 3:
            problems.append(f"{name}: focus indicator {best:.2f}:1 against its background")
    return problems


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_every_control_can_be_seen_and_shows_the_same_strong_focus(page: Page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    problems, signatures, measured = [], {}, 0
    for label, path in PAGES.items():
        found = measure(page, f"{demo_site.url}{path}")
        measured += len(found["controls"])
        problems += [f"{label}: {problem}" for problem in problems_with_controls(found["controls"])]
        for control in found["controls"]:
            signatures.setdefault(control["after"]["signature"], []).append(
                f"{label}: {control['name']}"
            )
        for link in found["links"]:
            dark_bar = [
                s for s in link["after"]["shadows"] if contrast(s["color"], link["behind"]) >= 3
            ]
            if not dark_bar:
                problems.append(f"{label}: {link['name']}: no focus bar 3:1 against the page")
    assert measured > 60, f"only {measured} controls found: the pages have changed"
    assert not problems, "\n".join(problems)
    assert len(signatures) == 1, "controls differ in their focus indicator:\n" + "\n".join(
        f"{signature}\n    e.g. {names[0]} ({len(names)} controls)"
        for signature, names in signatures.items()
    )


def test_form_errors_keep_the_edge_and_focus(page: Page, demo_site):
    """Fields marked invalid (red edges) keep 3:1 edges and the same focus indicator."""
    page.goto(f"{demo_site.url}/contact/")
    page.get_by_role("button", name="Send my message").click()
    page.get_by_role("alert").wait_for()
    page.wait_for_load_state("load")
    found = json.loads(json.dumps(page.evaluate(MEASURE)))
    invalid = [c for c in found["controls"] if c["invalid"]]
    assert len(invalid) >= 2, [c["name"] for c in invalid]  # the name, e-mail address and more
    assert not problems_with_controls(found["controls"])
    assert len({c["after"]["signature"] for c in found["controls"]}) == 1


def test_the_check_catches_a_pale_edge_and_a_faint_glow(browser, demo_site):
    """Guards the tests above: Bootstrap's own pale edges and focus glow are reported."""
    # The site's Content-Security-Policy refuses added <style> elements: this page ignores it.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{demo_site.url}/contact/")
    page.add_style_tag(
        content=".form-control { border: 1px solid #dee2e6 !important; }"
        " .form-control:focus-visible { outline: 0 !important;"
        " box-shadow: 0 0 0 .25rem rgba(13,110,253,.25) !important; }"
    )
    page.keyboard.press("Tab")
    found = json.loads(json.dumps(page.evaluate(MEASURE)))
    context.close()
    problems = "\n".join(problems_with_controls(found["controls"]))
    assert 'input[type=text]#id_name "Your name": edge 1.30:1' in problems
    assert 'input[type=text]#id_name "Your name": focus indicator 1.' in problems
