"""Draws static/img/share.png, the picture shown when a page without its own picture is shared:
1200 × 630 pixels (the size share previews use), the site's two linked circles and its name.

Run from the project's folder after changing the site's name or colours, and commit the result:
    .venv/bin/python assets/share_image.py ["Site name"]
Share previews do not accept SVG, so this is a PNG.
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
PURPLE, YELLOW, WHITE = "#3d2364", "#ffdd00", "#ffffff"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "share.png"


def font(size: int):
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def draw(name: str) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), PURPLE)
    pen = ImageDraw.Draw(image)
    # The favicon's two circles, side by side and overlapping.
    radius, ring = 110, 26
    for centre_x, colour in ((WIDTH // 2 - 100, WHITE), (WIDTH // 2 + 100, YELLOW)):
        box = (centre_x - radius, 190 - radius + 60, centre_x + radius, 190 + radius + 60)
        pen.ellipse(box, outline=colour, width=ring)
    pen.text((WIDTH // 2, 470), name, font=font(72), fill=WHITE, anchor="mm")
    pen.text(
        (WIDTH // 2, 555),
        "Working as equals with the people who run public services",
        font=font(30),
        fill=YELLOW,
        anchor="mm",
    )
    return image


if __name__ == "__main__":
    draw(sys.argv[1] if len(sys.argv) > 1 else "Co-production Groups").save(OUT, optimize=True)
    print(f"Wrote {OUT}")
