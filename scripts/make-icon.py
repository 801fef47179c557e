#!/usr/bin/env python3
"""Draw the CountyLens app icon: a map pin holding a small bar chart.

Python standard library only (the PNG is written with zlib). Usage:

    scripts/make-icon.py            # writes assets/icon.png (256x256) and
                                    # assets/icons/countylens-{16..128}.png

The drawing is defined on a 256x256 canvas and sampled at each size with
4x4 supersampling, so every size is drawn from the shapes, not scaled from
a bitmap. The output is deterministic.
"""

from __future__ import annotations

import math
import os
import struct
import sys
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = [16, 24, 32, 48, 64, 128, 256]
SS = 4  # supersampling per axis

# Palette
BG_TOP = (0x24, 0x6B, 0xB8)
BG_BOTTOM = (0x15, 0x3E, 0x75)
PIN = (0xFF, 0xFF, 0xFF)
BARS = [(0xF6, 0xC0, 0x4E), (0xF2, 0x9E, 0x38), (0xE5, 0x6B, 0x2E)]
SHADOW = (0x08, 0x1A, 0x33)

# Geometry on the 256 canvas
BG = (8.0, 8.0, 248.0, 248.0, 52.0)  # x0, y0, x1, y1, corner radius
PIN_C = (128.0, 104.0)
PIN_R = 72.0
PIN_TIP = (128.0, 224.0)
BAR_BASE = 138.0
BAR_W = 20.0
BAR_GAP = 9.0
BAR_H = [30.0, 52.0, 76.0]
BAR_RADIUS = 4.0
SHADOW_E = (128.0, 226.0, 36.0, 7.0, 0.35)  # cx, cy, rx, ry, opacity


def in_round_rect(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_pin(x, y):
    cx, cy = PIN_C
    if (x - cx) ** 2 + (y - cy) ** 2 <= PIN_R**2:
        return True
    tx, ty = PIN_TIP
    d = ty - cy
    half = math.asin(PIN_R / d)
    vx, vy = x - tx, ty - y  # from the tip, y up
    axial = vy
    if axial <= 0:
        return False
    if abs(math.atan2(vx, vy)) > half:
        return False
    tangent_len = math.sqrt(d * d - PIN_R**2)
    return axial <= tangent_len * math.cos(half)


def bar_rects():
    total = 3 * BAR_W + 2 * BAR_GAP
    x = PIN_C[0] - total / 2
    for h in BAR_H:
        yield (x, BAR_BASE - h, x + BAR_W, BAR_BASE)
        x += BAR_W + BAR_GAP


BAR_RECTS = list(bar_rects())


def in_bar(x, y):
    for i, (x0, y0, x1, y1) in enumerate(BAR_RECTS):
        # rounded top corners only: extend the rect down by the radius
        if in_round_rect(x, y, x0, y0, x1, y1 + BAR_RADIUS, BAR_RADIUS) and y <= y1:
            return i
    return None


def in_shadow(x, y):
    cx, cy, rx, ry, _ = SHADOW_E
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0


def sample(x, y):
    """Straight RGBA (floats 0..1 alpha) of the drawing at canvas point x, y."""
    if not in_round_rect(x, y, *BG):
        return (0.0, 0.0, 0.0, 0.0)
    t = (y - BG[1]) / (BG[3] - BG[1])
    rgb = [BG_TOP[k] + (BG_BOTTOM[k] - BG_TOP[k]) * t for k in range(3)]
    if in_shadow(x, y):
        a = SHADOW_E[4]
        rgb = [rgb[k] * (1 - a) + SHADOW[k] * a for k in range(3)]
    if in_pin(x, y):
        bar = in_bar(x, y)
        rgb = list(BARS[bar] if bar is not None else PIN)
    return (rgb[0], rgb[1], rgb[2], 1.0)


def render(size):
    scale = 256.0 / size
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0
        for px in range(size):
            r = g = b = a = 0.0
            for sy in range(SS):
                for sx in range(SS):
                    x = (px + (sx + 0.5) / SS) * scale
                    y = (py + (sy + 0.5) / SS) * scale
                    cr, cg, cb, ca = sample(x, y)
                    r += cr * ca
                    g += cg * ca
                    b += cb * ca
                    a += ca
            n = SS * SS
            if a > 0:
                row += bytes([round(r / a), round(g / a), round(b / a), round(255 * a / n)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, raw):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    os.makedirs(os.path.join(REPO, "assets", "icons"), exist_ok=True)
    for size in SIZES:
        data = png(size, render(size))
        if size == 256:
            path = os.path.join(REPO, "assets", "icon.png")
        else:
            path = os.path.join(REPO, "assets", "icons", f"countylens-{size}.png")
        with open(path, "wb") as f:
            f.write(data)
        print(f"wrote {os.path.relpath(path, REPO)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
