"""Deterministic .docx archives built from parts, reusing already compressed ones.

A rendered document changes a few parts (body, headers, footers, properties); the others
(styles, fonts, theme, media) are the template's. :func:`compress` deflates a part once and
:func:`archive` lays out members, so a template's unchanged parts are compressed once per
build instead of twice per document. The bytes are exactly those ``zipfile`` writes for
members with a fixed date (1980-01-01), DEFLATE at the default level and no attributes
(``tests/test_docxzip.py`` compares both), so equal content gives equal files.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (FIXED_ZIP_DATE[0] - 1980) << 9 | FIXED_ZIP_DATE[1] << 5 | FIXED_ZIP_DATE[2]
_DOS_TIME = 0
_VERSION = 20  # "deflate" needs version 2.0 to extract
_DEFLATED = 8
_UTF8_NAME = 0x800
_ATTRIBUTES = 0o600 << 16  # what zipfile gives a member written without attributes
_LIMIT = (1 << 31) - 1  # beyond this zipfile would switch to ZIP64 records
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class Member:
    """One part of an archive, already compressed."""

    name: str
    crc: int
    size: int
    deflated: bytes


def compress(name: str, data: bytes) -> Member:
    """Deflate ``data`` as zipfile does (raw deflate stream, default level)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    if max(len(data), len(deflated)) > _LIMIT:
        raise ValueError(f"{name}: part too large for a plain zip archive")
    return Member(name, zlib.crc32(data), len(data), deflated)


def _name(member: Member) -> tuple[bytes, int]:
    try:
        return member.name.encode("ascii"), 0
    except UnicodeEncodeError:
        return member.name.encode("utf-8"), _UTF8_NAME


def archive(members: Iterable[Member]) -> bytes:
    """The zip file holding ``members`` in this order."""
    out = bytearray()
    central = bytearray()
    count = 0
    for member in members:
        name, flags = _name(member)
        offset = len(out)
        out += _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
                           member.crc, len(member.deflated), member.size, len(name), 0)
        out += name
        out += member.deflated
        central += _CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, flags, _DEFLATED,
                                 _DOS_TIME, _DOS_DATE, member.crc, len(member.deflated),
                                 member.size, len(name), 0, 0, 0, 0, _ATTRIBUTES, offset)
        central += name
        count += 1
    if len(out) + len(central) > _LIMIT or count > 0xFFFF:
        raise ValueError("archive too large for a plain zip archive")
    start = len(out)
    out += central
    out += _END.pack(b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
    return bytes(out)
