"""PDFs built in the tests: blank pages of any box and rotation, hand-written object lists
(cyclic structures), and a hand-made signature field with no cryptography."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)


def blank_pdf(pages: int = 1, *, box: tuple[float, float, float, float] = (0, 0, 595, 842),
              rotate: int = 0, text: str | None = None) -> bytes:
    """``pages`` pages with the given MediaBox and /Rotate; ``text`` written near the centre
    of the box (in the page's own coordinates) when given."""
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=box[2] - box[0], height=box[3] - box[1])
        page.mediabox = RectangleObject(box)
        if rotate:
            page[NameObject("/Rotate")] = NumberObject(rotate)
        if text is not None:
            _write_text(writer, page, text, box)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _write_text(writer: PdfWriter, page: object, text: str,
                box: tuple[float, float, float, float]) -> None:
    from pypdf.generic import DecodedStreamObject

    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(  # type: ignore[index]
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    x, y = (box[0] + box[2]) / 2 - 100, (box[1] + box[3]) / 2
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf %.1f %.1f Td (%s) Tj ET" % (x, y, text.encode("latin-1")))
    page[NameObject("/Contents")] = writer._add_object(stream)  # type: ignore[index]


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF made of these objects (object 1 is the catalogue), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def field_listing_itself() -> bytes:
    """A signature field whose /Kids holds the field itself (sign and pack once hung)."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /FT /Sig /T (Boucle) /Kids [4 0 R] >>",
    ])


def page_tree_listing_itself() -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        PAGE,
    ])


def fake_signature(signer: str = "Mallory") -> bytes:
    """A signature field filled by hand: a name, a date, a byte range, no cryptography."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    value = DictionaryObject({
        NameObject("/Type"): NameObject("/Sig"),
        NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
        NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
        NameObject("/Name"): TextStringObject(signer),
        NameObject("/M"): TextStringObject("D:20220701120000Z"),
        NameObject("/ByteRange"): ArrayObject([NumberObject(n) for n in (0, 10, 20, 30)]),
        NameObject("/Contents"): ByteStringObject(b"\x00" * 64),
    })
    field = DictionaryObject({
        NameObject("/FT"): NameObject("/Sig"),
        NameObject("/T"): TextStringObject("Signature1"),
        NameObject("/V"): writer._add_object(value),
    })
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject([writer._add_object(field)]),
        NameObject("/SigFlags"): NumberObject(3),
    })
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def tampered(signed: bytes) -> bytes:
    """``signed`` with one byte changed inside the signed range (the page's MediaBox)."""
    data = bytearray(signed)
    at = data.index(b"/MediaBox") + 12
    data[at:at + 1] = b"9" if data[at:at + 1] != b"9" else b"8"
    return bytes(data)
