"""Turn an X window dump (`xwd -root`) of a 24/32-bit Xvfb screen into a PNG, with Pillow.

    python installer/xwd_to_png.py screen.xwd screen.png

Used by installer/check_plain_debian.sh to keep a picture of the window the Quick start opened
(ImageMagick would do it too, but is a large install for one picture).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PIL import Image

HEADER_FIELDS = 25  # 25 big-endian CARD32s, then the window name, then the colour map, then pixels


def convert(source: Path, target: Path) -> None:
    data = source.read_bytes()
    fields = struct.unpack(">25I", data[: HEADER_FIELDS * 4])
    header_size, _version, _format, depth, width, height = fields[:6]
    byte_order, bits_per_pixel, bytes_per_line, ncolors = fields[7], fields[11], fields[12], fields[19]
    if bits_per_pixel not in (24, 32) or depth not in (24, 32):
        raise SystemExit(f"only 24/32-bit screens are supported, not depth {depth} at {bits_per_pixel} bpp")
    start = header_size + ncolors * 12
    raw = data[start : start + bytes_per_line * height]
    little = byte_order == 0
    mode = ("BGRX" if little else "XRGB") if bits_per_pixel == 32 else ("BGR" if little else "RGB")
    image = Image.frombuffer("RGB", (width, height), raw, "raw", mode, bytes_per_line, 1)
    image.save(target)


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
