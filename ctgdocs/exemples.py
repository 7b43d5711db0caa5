"""Illustrative values in a stored .docx: the runs ctgdocs shaded (marking.SHADING).

Documents issued before the register recorded the ``exemples`` of each version are checked
this way: what a reader sees highlighted is what was illustrative.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from .marking import NOTICE, SHADING, W

_W = f"{{{W}}}"


def highlighted_texts(docx: bytes) -> list[str]:
    """The highlighted passages of a .docx (consecutive shaded runs of a paragraph joined),
    in document order, the notice at the top excepted; empty for an unreadable file."""
    found: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            parts = [n for n in archive.namelist() if n == "word/document.xml"
                     or (n.startswith(("word/header", "word/footer")) and n.endswith(".xml"))]
            for part in sorted(parts, key=lambda n: n != "word/document.xml"):
                root = etree.fromstring(archive.read(part))
                for paragraph in root.iter(f"{_W}p"):
                    found += _shaded_in(paragraph)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError):
        return []
    return [text for text in found if text and text != NOTICE]


def _shaded_in(paragraph: etree._Element) -> list[str]:
    passages: list[str] = []
    current: list[str] = []
    for run in paragraph.iter(f"{_W}r"):
        shaded = run.find(f"{_W}rPr/{_W}shd[@{_W}fill='{SHADING}']") is not None
        if shaded:
            current.append("".join(t.text or "" for t in run.iter(f"{_W}t")))
        elif current:
            passages.append("".join(current).strip())
            current = []
    if current:
        passages.append("".join(current).strip())
    return passages
