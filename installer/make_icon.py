"""Draw the app's icon (resources/icons/station-app.png and .ico) with Pillow.

Run once when the design changes: `.venv/bin/python installer/make_icon.py`. The outputs are
committed, so neither builds nor the app need Pillow for it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
NAVY = (26, 58, 107, 255)
KHAKI = (214, 182, 112, 255)
WHITE = (255, 255, 255, 255)


def draw(size: int = 512) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 512
    d.rounded_rectangle((16 * s, 16 * s, 496 * s, 496 * s), radius=96 * s, fill=NAVY)
    # A shield: the police badge, in khaki.
    shield = [(256, 70), (410, 122), (396, 300), (256, 444), (116, 300), (102, 122)]
    d.polygon([(x * s, y * s) for x, y in shield], fill=KHAKI)
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "NotoSans-Bold.ttf"), int(112 * s))
    d.text((256 * s, 230 * s), "PS", fill=NAVY, font=font, anchor="mm")
    d.rectangle((176 * s, 318 * s, 336 * s, 336 * s), fill=WHITE)
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(512)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "station-app.png")
    big.save(
        OUT / "station-app.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )


if __name__ == "__main__":
    main()
