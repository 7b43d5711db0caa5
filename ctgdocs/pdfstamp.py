"""Write a few lines of text on PDF pages (a stamp) without reportlab.

The text is drawn with the base-14 Helvetica font in WinAnsi encoding (é, ç, € work), in a
small content stream merged over the page. The result is a new PDF: never stamp a signed
original, stamp a copy.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

FONT = NameObject("/CtgdocsStamp")


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _overlay(width: float, height: float, lines: list[str], size: float,
             color: tuple[float, float, float], top: bool) -> PageObject:
    page = PageObject.create_blank_page(width=width, height=height)
    y = height - 30 if top else 30 + (len(lines) - 1) * (size + 3)
    left = width - 40 - max(len(line) for line in lines) * size * 0.5
    ops = [b"q", b"%.2f %.2f %.2f rg" % color, b"BT", b"/CtgdocsStamp %.1f Tf" % size,
           b"%.1f TL" % (size + 3), b"%.1f %.1f Td" % (left, y)]
    for line in lines:
        ops.append(b"(" + _escape(line) + b") Tj T*")
    ops += [b"ET", b"Q"]
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join(ops))
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({FONT: font}),
    })
    page[NameObject("/Contents")] = stream
    page[NameObject("/MediaBox")] = ArrayObject(
        [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)])
    return page


def stamp(pdf: bytes, lines: list[str], *, every_page: bool = False, size: float = 9,
          color: tuple[float, float, float] = (0.1, 0.2, 0.6), top: bool = True) -> bytes:
    """A copy of ``pdf`` with ``lines`` written in a corner of the first (or every) page."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for index, page in enumerate(writer.pages):
        if index == 0 or every_page:
            box = page.mediabox
            page.merge_page(_overlay(float(box.width), float(box.height), lines, size, color,
                                     top))
            page.compress_content_streams()
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
