"""Write a few lines of text on PDF pages (a stamp) without reportlab, where they cover no
text.

The text is drawn with the base-14 Helvetica font in WinAnsi encoding (é, ç, € work), in a
small content stream merged over the page. Placement works in the page as displayed: the
visible box (CropBox) wherever its origin lies, turned by the page's /Rotate, so a stamp
reads upright on scans and landscape pages. The text already on the page is measured and
the stamp goes in the first free place from the top (the top margin on the documents
ctgdocs makes); when a page has no free place, its content is scaled down to open one.

The result is a new PDF: never stamp a signed original, stamp a copy.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

FONT = NameObject("/CtgdocsStamp")
MARGIN = 14.0  # from the edge of the visible page
GAP = 3.0  # around text already on the page
Align = Literal["droite", "gauche", "centre"]
Matrix = tuple[float, float, float, float, float, float]

try:  # Helvetica's widths, from the Adobe metrics pypdf ships
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    _WIDTHS: dict[str, float] = dict(CORE_FONT_METRICS["Helvetica"].character_widths)
except (ImportError, KeyError, AttributeError):  # pragma: no cover - older pypdf
    _WIDTHS = {}


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in Helvetica at ``size`` points."""
    return sum(_WIDTHS.get(c, 722.0 if c.isupper() else 611.0) for c in text) * size / 1000


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)


@dataclass(frozen=True)
class Stamp:
    lines: list[str]
    size: float = 9
    color: tuple[float, float, float] = (0.1, 0.2, 0.6)
    align: Align = "droite"

    @property
    def width(self) -> float:
        return max(text_width(line, self.size) for line in self.lines)

    @property
    def height(self) -> float:
        return len(self.lines) * (self.size + 3)


EXAMPLE_MARK = Stamp(["EXEMPLE"], size=14, color=(0.85, 0.35, 0), align="gauche")
DRAFT_MARK = Stamp(["PROJET – NON SIGNÉ"], size=14, color=(0.8, 0, 0), align="droite")


# ----------------------------------------------------------------- page geometry


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


@dataclass(frozen=True)
class Frame:
    """The page as displayed: its size, and the matrix from user space to display space
    (origin at the displayed bottom-left corner)."""

    width: float
    height: float
    to_display: Matrix

    @staticmethod
    def of(page: PageObject) -> Frame:
        box = page.cropbox
        x0, y0 = float(box.left), float(box.bottom)
        w, h = float(box.width), float(box.height)
        rotate = int(page.get("/Rotate", 0) or 0) % 360
        shift: Matrix = (1, 0, 0, 1, -x0, -y0)
        turn: Matrix = {  # clockwise, as viewers display /Rotate
            0: (1, 0, 0, 1, 0, 0),
            90: (0, -1, 1, 0, 0, w),
            180: (-1, 0, 0, -1, w, h),
            270: (0, 1, -1, 0, h, 0),
        }.get(rotate, (1, 0, 0, 1, 0, 0))
        size = (h, w) if rotate in (90, 270) else (w, h)
        return Frame(size[0], size[1], _multiply(shift, turn))

    @property
    def to_user(self) -> Matrix:
        return _invert(self.to_display)

    def box(self, corners: list[tuple[float, float]]) -> Box:
        points = [_apply(self.to_display, x, y) for x, y in corners]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Box(min(xs), min(ys), max(xs), max(ys))


def text_boxes(page: PageObject, frame: Frame) -> list[Box]:
    """Where the page's text lies, in display space (generous: width from Helvetica's
    widest average, ascent and descent included)."""
    boxes: list[Box] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text.strip():
            return
        m = _multiply(tuple(float(v) for v in tm), tuple(float(v) for v in cm))  # type: ignore[arg-type]
        fs = float(size or 0) or 10.0
        width = max(text_width(text, fs), len(text.rstrip()) * 0.6 * fs)
        corners = [(0.0, -0.3 * fs), (width, -0.3 * fs), (width, fs), (0.0, fs)]
        boxes.append(frame.box([_apply(m, x, y) for x, y in corners]))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # an unreadable content stream: treat the page as full
        boxes.append(Box(0, 0, frame.width, frame.height))
    return boxes


def free_spot(stamp: Stamp, frame: Frame, taken: list[Box]) -> Box | None:
    """The highest free place for ``stamp`` (aligned as it asks), or None."""
    w, h = stamp.width, stamp.height
    if w + 2 * MARGIN > frame.width or h + 2 * MARGIN > frame.height:
        return None
    obstacles = [b.grown(GAP) for b in taken]
    tops = sorted({frame.height - MARGIN, MARGIN + h,
                   *[b.y0 for b in obstacles if MARGIN + h <= b.y0 <= frame.height - MARGIN]},
                  reverse=True)
    lefts = {"droite": frame.width - MARGIN - w, "gauche": MARGIN,
             "centre": (frame.width - w) / 2}
    first = lefts[stamp.align]
    xs = sorted({*lefts.values(), *[b.x1 for b in obstacles], *[b.x0 - w for b in obstacles]},
                key=lambda x: abs(x - first))
    xs = [x for x in xs if MARGIN <= x <= frame.width - MARGIN - w]
    for top in tops:
        band = [b for b in obstacles if b.y0 < top and top - h < b.y1]
        for x in xs:
            spot = Box(x, top - h, x + w, top)
            if not any(spot.overlaps(b) for b in band):
                return spot
    return None


def _make_room(page: PageObject, frame: Frame, stamp: Stamp) -> Box:
    """Scale the page's content down, anchored at the displayed bottom, to free a band at
    the top for ``stamp``; return the stamp's place."""
    band = stamp.height + 2 * MARGIN
    scale = max(0.5, (frame.height - band) / frame.height)
    d = frame.to_display
    shrink: Matrix = (scale, 0, 0, scale, frame.width * (1 - scale) / 2, 0)
    user = _multiply(_multiply(d, shrink), frame.to_user)
    page.add_transformation(Transformation(user))
    left = {"droite": frame.width - MARGIN - stamp.width, "gauche": MARGIN,
            "centre": (frame.width - stamp.width) / 2}[stamp.align]
    top = frame.height - MARGIN
    return Box(left, top - stamp.height, left + stamp.width, top)


# ----------------------------------------------------------------- drawing


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _overlay(stamp: Stamp, spot: Box, frame: Frame) -> PageObject:
    """A page whose content draws ``stamp`` at ``spot`` (display space) in the target page's
    user space."""
    page = PageObject.create_blank_page(width=1, height=1)
    ops = [b"q", b"%.5f %.5f %.5f %.5f %.3f %.3f cm" % frame.to_user,
           b"%.2f %.2f %.2f rg" % stamp.color, b"BT", b"/CtgdocsStamp %.1f Tf" % stamp.size,
           b"%.1f TL" % (stamp.size + 3),
           b"%.2f %.2f Td" % (spot.x0, spot.y1 - stamp.size)]
    for line in stamp.lines:
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
    return page


def stamp_page(page: PageObject, stamps: list[Stamp]) -> list[Box]:
    """Draw each stamp on ``page`` where it covers no text (nor an earlier stamp); return
    their places in display space."""
    frame = Frame.of(page)
    taken = text_boxes(page, frame)
    placed: list[Box] = []
    for one in stamps:
        spot = free_spot(one, frame, taken)
        if spot is None:
            spot = _make_room(page, frame, one)
            taken = [*text_boxes(page, frame), *placed]
            if any(spot.overlaps(b.grown(GAP)) for b in taken):
                continue  # pragma: no cover - nothing more can be done
        page.merge_page(_overlay(one, spot, frame))
        taken.append(spot)
        placed.append(spot)
    return placed


def stamp(pdf: bytes, lines: list[str], *, every_page: bool = False, size: float = 9,
          color: tuple[float, float, float] = (0.1, 0.2, 0.6),
          align: Align = "droite") -> bytes:
    """A copy of ``pdf`` with ``lines`` written on the first (or every) page."""
    return stamp_all(pdf, [Stamp(lines, size, color, align)], every_page=every_page)


def stamp_all(pdf: bytes, stamps: list[Stamp], *, every_page: bool = True) -> bytes:
    """A copy of ``pdf`` with every stamp of ``stamps`` on the first (or every) page."""
    return stamp_each(pdf, lambda index: stamps if index == 0 or every_page else [])


def stamp_each(pdf: bytes, stamps_for: Callable[[int], list[Stamp]]) -> bytes:
    """A copy of ``pdf`` with ``stamps_for(index)`` on each page (0-based index)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for index, page in enumerate(writer.pages):
        stamps = stamps_for(index)
        if stamps:
            stamp_page(page, stamps)
            page.compress_content_streams()
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def angle(m: Matrix) -> float:
    """The direction of a matrix's x axis, in degrees (tests and diagnostics)."""
    return math.degrees(math.atan2(m[1], m[0])) % 360
