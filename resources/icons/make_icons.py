"""Render the application icon: PNGs of each size from the SVG (Qt's QSvgRenderer), and the
Windows .ico and macOS .icns PyInstaller puts into the bundle's executable (Pillow).

Run from the repository root after editing headhunter-desktop.svg; the outputs are committed:
    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icons.py
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
NAME = "headhunter-desktop"
# The sizes of the freedesktop icon theme (hicolor) that matter, and Windows' and macOS'.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn into a transparent size x size square, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - QImage and QPainter need one
    renderer = QSvgRenderer(str(HERE / f"{NAME}.svg"))
    if not renderer.isValid():
        raise SystemExit(f"{NAME}.svg is not a valid SVG")
    pngs = {}
    for size in SIZES:
        pngs[size] = render(renderer, size)
        (HERE / f"{NAME}-{size}.png").write_bytes(pngs[size])
    images = {size: Image.open(io.BytesIO(png)) for size, png in pngs.items()}
    largest = images[max(ICO_SIZES)]
    # Each size from its own rendering (small sizes drawn at their size stay sharp).
    largest.save(
        HERE / f"{NAME}.ico",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES],
    )
    images[512].save(HERE / f"{NAME}.icns", append_images=[images[size] for size in SIZES])
    print(f"{len(SIZES)} PNGs, {NAME}.ico and {NAME}.icns written to {HERE}")


if __name__ == "__main__":
    main()
