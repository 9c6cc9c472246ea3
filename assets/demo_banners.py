"""Draws the demo groups' banner illustrations (groups/demo_images/*.png), made for the project:
each group's colour, a soft pattern of speech bubbles, and a few simple figures. 1600 × 520
pixels, drawn at twice the size and reduced for smooth edges.

Run from the project's folder after changing them, and commit the results:
    .venv/bin/python assets/demo_banners.py
The colours are the groups' palette (``groups.models.GROUP_COLOUR_HEX``).
"""

from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT, SCALE = 1600, 520, 2
OUT = Path(__file__).resolve().parent.parent / "groups" / "demo_images"
YELLOW, WHITE = "#ffdd00", "#ffffff"
SKIN = ("#8d5524", "#f1c9a5", "#c68642", "#e8b98f", "#5c3a1e")


def mix(colour: str, other: str, amount: float) -> tuple[int, int, int]:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))


def bubble(pen, x, y, r, fill, tail_right=False):
    pen.ellipse((x - r, y - r, x + r, y + r), fill=fill)
    tip = (x + r * 1.15, y + r * 1.1) if tail_right else (x - r * 1.15, y + r * 1.1)
    side = 1 if tail_right else -1
    pen.polygon(
        [(x + side * r * 0.35, y + r * 0.8), tip, (x + side * r * 0.85, y + r * 0.4)], fill=fill
    )


def person(pen, x, base, size, body, skin):
    """A figure from the waist up: shoulders and head, ``size`` its height."""
    head = size * 0.14
    top = base - size
    pen.rounded_rectangle(
        (x - size * 0.28, top + head * 2.2, x + size * 0.28, base),
        radius=size * 0.2,
        fill=body,
        corners=(True, True, False, False),
    )
    pen.ellipse((x - head, top, x + head, top + head * 2), fill=skin)


def banner(colour: str, figures: list[tuple[float, float, str]], bubbles: int) -> Image.Image:
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    image = Image.new("RGB", (w, h), colour)
    pen = ImageDraw.Draw(image)
    # A pattern of faint speech bubbles across the whole banner.
    light = mix(colour, WHITE, 0.12)
    for row in range(4):
        for col in range(9):
            x = col * w / 8 + (row % 2) * w / 16
            y = row * h / 3
            bubble(pen, x, y, h * 0.11, light, tail_right=bool((row + col) % 2))
    # The figures, on a band of ground, and speech bubbles above them.
    pen.rectangle((0, h * 0.9, w, h), fill=mix(colour, "#000000", 0.25))
    for index, (x, size, body) in enumerate(figures):
        person(pen, x * w, h * 0.9, size * h, body, SKIN[index % len(SKIN)])
    for index in range(bubbles):
        x = figures[index][0] * w + h * 0.2
        y = h * 0.9 - figures[index][1] * h - h * 0.06
        bubble(pen, x, y, h * 0.07, YELLOW if index % 2 else WHITE, tail_right=False)
    return image.resize((WIDTH, HEIGHT), Image.LANCZOS)


BANNERS = {
    # Oxford Influence Group: members speaking up together.
    "oxford-influence-group": (
        "#3d2364",
        [
            (0.2, 0.62, "#ffdd00"),
            (0.34, 0.7, "#f3eff8"),
            (0.5, 0.66, "#e6a0c4"),
            (0.66, 0.72, "#9fd3c7"),
            (0.8, 0.6, "#ffdd00"),
        ],
        3,
    ),
    # Parent Power: parents and children.
    "parent-power": (
        "#00646b",
        [
            (0.22, 0.72, "#ffdd00"),
            (0.3, 0.4, "#f3eff8"),
            (0.5, 0.7, "#f7b6a3"),
            (0.58, 0.36, "#ffdd00"),
            (0.76, 0.7, "#f3eff8"),
            (0.84, 0.42, "#f7b6a3"),
        ],
        2,
    ),
    # Team-Up Co-production Board: a board of people and council staff side by side.
    "team-up-board": (
        "#1d4f91",
        [
            (0.15, 0.66, "#ffdd00"),
            (0.29, 0.7, "#f3eff8"),
            (0.43, 0.64, "#9fd3c7"),
            (0.57, 0.7, "#ffdd00"),
            (0.71, 0.66, "#f3eff8"),
            (0.85, 0.64, "#9fd3c7"),
        ],
        3,
    ),
    # Dudley Stronger Communities: neighbours.
    "dudley-stronger-communities": (
        "#2f6b2f",
        [
            (0.3, 0.66, "#ffdd00"),
            (0.45, 0.7, "#f3eff8"),
            (0.6, 0.62, "#ffdd00"),
            (0.75, 0.7, "#f3eff8"),
        ],
        2,
    ),
}


def main() -> None:
    for name, (colour, figures, bubbles) in BANNERS.items():
        banner(colour, figures, bubbles).save(OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
