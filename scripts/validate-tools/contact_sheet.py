"""The contact sheet of scripts/validate: every screenshot, and the first
pages of one PDF of each kind (pdftoppm), tiled on one image
(target/validate/contact-sheet.png) with Pillow, so a reviewer sees the
whole output at once. Prints "PASS contact sheet (...)" or "FAIL ...".

Usage: python contact_sheet.py --site DIR --shots DIR --out FILE
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

# One PDF of each kind, and how many of its first pages to show.
PDF_KINDS = [
    ("roles/*/candidate-pack.pdf", 4),
    ("meetings/*/board-pack.pdf", 4),
    ("meetings/*/minutes.pdf", 2),
    ("papers/*/paper.pdf", 2),
]
TILE_WIDTH = 300  # each tile scaled to this width
LABEL_HEIGHT = 18


def pdf_pages(pdf: Path, pages: int, work: Path) -> list[Path]:
    prefix = work / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return sorted(work.glob(f"{pdf.stem}-*.png"))


def tile(path: Path, label: str) -> Image.Image:
    image = Image.open(path).convert("RGB")
    height = round(image.height * TILE_WIDTH / image.width)
    # Scaled to the tile's width, keeping proportions; a long page is cut
    # at 900 px (its top is what a reader sees first).
    image = image.resize((TILE_WIDTH, height)).crop((0, 0, TILE_WIDTH, min(height, 900)))
    out = Image.new("RGB", (TILE_WIDTH, image.height + LABEL_HEIGHT), "white")
    out.paste(image, (0, LABEL_HEIGHT))
    ImageDraw.Draw(out).text((4, 3), label[:48], fill="black")
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--shots", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    site, shots = Path(args.site), Path(args.shots)
    tiles = [tile(p, p.name) for p in sorted(shots.glob("*.png"))]
    with tempfile.TemporaryDirectory() as tmp:
        for pattern, pages in PDF_KINDS:
            found = sorted(site.glob(pattern))
            if not found:
                continue
            work = Path(tmp) / pattern.replace("/", "_").replace("*", "x")
            work.mkdir()
            for n, page in enumerate(pdf_pages(found[0], pages, work), start=1):
                tiles.append(tile(page, f"{found[0].relative_to(site)} p{n}"))
    if not tiles:
        print("FAIL contact sheet: no screenshots or PDFs to show")
        return 1
    columns = 6
    rows = [tiles[i : i + columns] for i in range(0, len(tiles), columns)]
    heights = [max(t.height for t in row) for row in rows]
    sheet = Image.new("RGB", (columns * (TILE_WIDTH + 8) + 8, sum(heights) + 8 * (len(rows) + 1)), (200, 200, 200))
    y = 8
    for row, height in zip(rows, heights):
        x = 8
        for t in row:
            sheet.paste(t, (x, y))
            x += TILE_WIDTH + 8
        y += height + 8
    sheet.save(args.out)
    print(f"PASS contact sheet ({len(tiles)} images in {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
