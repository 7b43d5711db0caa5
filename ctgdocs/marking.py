"""Illustrative values: what a record lists in ``exemple:`` is never printed as fact.

Loading wraps every value of such a field in a *marked* type (text, amount, number or
date) that remembers where it was read ("records/cspg.yaml:9: siret"). Formatting keeps
the mark (``carry``), rendering writes marked text between two private-use characters
(``delimit``) and ``shade_marked_runs`` turns them into highlighted runs, with a notice at
the top of the document. ``collecting()`` tells which origins a render printed, so that
acts still using illustrative values can be refused before they are signed or sent.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from lxml import etree
from pydantic import BaseModel

OPEN, CLOSE = "\ue000", "\ue001"
NOTICE = ("Document d'exemple : les passages surlignés sont des données d'illustration, "
          "non des faits vérifiés.")

T = TypeVar("T")
P = ParamSpec("P")
_collector: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "ctgdocs_marked", default=None)


class Marked:
    """Mixin of the marked types (first among their bases): ``origins`` says where the
    value was read."""

    origins: frozenset[str] = frozenset()

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # pickled and copied with its origins: the reductions of dates and amounts lose them
        value = plain(self)
        if isinstance(value, dt.date):
            arguments: tuple[Any, ...] = (value.year, value.month, value.day)
        elif isinstance(value, dt.time):
            arguments = (value.hour, value.minute, value.second)
        else:
            arguments = (value,)
        return type(self), arguments, {"origins": self.origins}


class MarkedStr(Marked, str):
    pass


class MarkedInt(Marked, int):
    pass


class MarkedDate(Marked, dt.date):
    pass


class MarkedTime(Marked, dt.time):
    pass


class MarkedDecimal(Marked, Decimal):
    """An amount that stays marked through the arithmetic of totals."""

    def _result(self, value: Any, other: Any) -> Any:
        if isinstance(value, Decimal):
            return _with(MarkedDecimal(value), origins_of(self, other))
        return value

    def __add__(self, other: Any) -> Any:
        return self._result(Decimal.__add__(self, other), other)

    def __radd__(self, other: Any) -> Any:
        return self._result(Decimal.__radd__(self, other), other)

    def __sub__(self, other: Any) -> Any:
        return self._result(Decimal.__sub__(self, other), other)

    def __rsub__(self, other: Any) -> Any:
        return self._result(Decimal.__rsub__(self, other), other)

    def __mul__(self, other: Any) -> Any:
        return self._result(Decimal.__mul__(self, other), other)

    def __rmul__(self, other: Any) -> Any:
        return self._result(Decimal.__rmul__(self, other), other)

    def __truediv__(self, other: Any) -> Any:
        return self._result(Decimal.__truediv__(self, other), other)

    def quantize(self, *args: Any, **kwargs: Any) -> Any:
        return self._result(Decimal.quantize(self, *args, **kwargs), None)


def _with(value: T, origins: Iterable[str]) -> T:
    value.origins = frozenset(origins)  # type: ignore[attr-defined]
    return value


def is_marked(value: Any) -> bool:
    return isinstance(value, Marked)


def origins_of(*values: Any) -> frozenset[str]:
    """Origins of the marked values among ``values`` (one level into lists and tuples)."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, Marked):
            found |= value.origins
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, Marked):
                    found |= item.origins
    return frozenset(found)


def mark_scalar(value: Any, origins: Iterable[str]) -> Any:
    """``value`` marked with ``origins``; other types (None, bool…) unchanged."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return _with(MarkedStr(value), origins)
    if isinstance(value, int):
        return _with(MarkedInt(value), origins)
    if isinstance(value, Decimal):
        return _with(MarkedDecimal(value), origins)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _with(MarkedDate(value.year, value.month, value.day), origins)
    if isinstance(value, dt.time):
        return _with(MarkedTime(value.hour, value.minute, value.second), origins)
    return value


def mark_tree(value: Any, origin: Callable[[tuple[Any, ...]], str],
              path: tuple[Any, ...] = ()) -> Any:
    """``value`` with every scalar inside it marked; ``origin(path)`` locates each one."""
    if isinstance(value, BaseModel):
        return value.model_copy(update={
            name: mark_tree(getattr(value, name), origin, (*path, name))
            for name in type(value).model_fields if name != "exemple"})
    if isinstance(value, list):
        return [mark_tree(item, origin, (*path, i)) for i, item in enumerate(value)]
    return mark_scalar(value, [origin(path)])


def mark_path(value: Any, parts: list[str], origin: Callable[[tuple[Any, ...]], str],
              path: tuple[Any, ...] = ()) -> Any:
    """``value`` with what the dotted path ``parts`` designates marked.

    A list is entered by position, by the ``id`` (or ``insee``) of an item, or by ``*``."""
    if not parts:
        return mark_tree(value, origin, path)
    head, rest = parts[0], parts[1:]
    if isinstance(value, BaseModel):
        if head not in type(value).model_fields:
            return value
        return value.model_copy(update={
            head: mark_path(getattr(value, head), rest, origin, (*path, head))})
    if isinstance(value, list):
        return [mark_path(item, rest, origin, (*path, i))
                if _selects(head, i, item) else item for i, item in enumerate(value)]
    return value


def _selects(part: str, index: int, item: Any) -> bool:
    if part == "*" or (part.isdigit() and int(part) == index):
        return True
    return part in (getattr(item, "id", None), getattr(item, "insee", None))


def carry(function: Callable[P, T]) -> Callable[P, T]:
    """``function`` whose result is marked when one of its arguments is."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        result = function(*args, **kwargs)
        origins = origins_of(*args, *kwargs.values())
        if not origins or isinstance(result, Marked):
            return result
        marked: T = mark_scalar(result, origins)
        return marked

    return wrapper


def concat(*parts: Any) -> str:
    """The parts joined as text, marked when one of them is (an f-string loses the mark)."""
    text = "".join(str(p) for p in parts)
    origins = origins_of(*parts)
    return _with(MarkedStr(text), origins) if origins else text


def join(separator: str, items: Iterable[Any]) -> str:
    """``separator.join(items)``, marked when one of the items is."""
    items = list(items)
    return concat(*[part for i, item in enumerate(items) for part in
                    ((separator, item) if i else (item,))])


def mark_like(source: Any, value: T) -> T:
    """``value`` marked as ``source`` is (a value derived from it)."""
    marked: T = mark_scalar(value, source.origins) if isinstance(source, Marked) else value
    return marked


def plain(value: Any) -> Any:
    """The same value without its mark."""
    if isinstance(value, MarkedStr):
        return str.__str__(value)
    if isinstance(value, MarkedInt):
        return int(value)
    if isinstance(value, MarkedDecimal):
        return Decimal(value)
    if isinstance(value, MarkedDate):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, MarkedTime):
        return dt.time(value.hour, value.minute, value.second)
    return value


def delimit(value: Any) -> Any:
    """What the template prints for a value: marked text goes between OPEN and CLOSE, and its
    origins are noted for ``collecting()``."""
    if not isinstance(value, Marked):
        return value
    collector = _collector.get()
    if collector is not None:
        collector |= value.origins
    return f"{OPEN}{plain(value)}{CLOSE}"


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the origins of the illustrative values printed by renders in this block."""
    found: set[str] = set()
    token = _collector.set(found)
    try:
        yield found
    finally:
        _collector.reset(token)


# Word XML: OPEN…CLOSE become highlighted runs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SHADING = "FFE699"
# Children of w:rPr in schema order (ECMA-376 CT_RPr): w:shd goes after these.
_BEFORE_SHD = {f"{{{W}}}{name}" for name in (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr")}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_R, _RPR, _T, _SHD = _w("r"), _w("rPr"), _w("t"), _w("shd")
_SHADED = {_w("val"): "clear", _w("color"): "auto", _w("fill"): SHADING}  # in this order
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MARKERS = re.compile(f"([{OPEN}{CLOSE}])")
# The runs where marked text starts or ends (a text holding OPEN or CLOSE), in order.
_MARKED = etree.XPath(f".//w:r[w:t[contains(., '{OPEN}') or contains(., '{CLOSE}')]]",
                      namespaces={"w": W})


def shade_marked_runs(root: etree._Element) -> bool:
    """Split the runs holding OPEN…CLOSE so that the text between them is shaded; return
    whether any marked text was found. Marked text may span several runs."""
    runs = _MARKED(root)  # found by one XPath, not by reading every run
    if not runs:
        return False
    inside = False
    for run in runs:
        inside = _state_after(run, inside)
        if inside:  # marked text runs on into the next runs: they are shaded too
            runs = _runs_between(root, set(runs))
            break
    inside = False
    for run in runs:
        inside = _shade(run, inside)
    return True


def _runs_between(root: etree._Element, marked: set[etree._Element]) -> list[etree._Element]:
    """The runs with markers and those between an OPEN and its CLOSE, in order."""
    found, inside = [], False
    for run in root.iter(_R):
        if run in marked:
            found.append(run)
            inside = _state_after(run, inside)
        elif inside:
            found.append(run)
    return found


def _state_after(run: etree._Element, inside: bool) -> bool:
    """Whether marked text is open after ``run``: its last marker says, if it has one."""
    for t in run.iterchildren(_T):
        text = t.text or ""
        last = max(text.rfind(OPEN), text.rfind(CLOSE))
        if last >= 0:
            inside = text[last] == OPEN
    return inside


def _shade(run: etree._Element, inside: bool) -> bool:
    """Split ``run`` into runs shaded where marked; whether marked text is open after it."""
    pieces: list[tuple[bool, etree._Element]] = []  # (marked, child)
    for child in run:
        tag = child.tag
        if tag == _RPR:
            continue
        if tag != _T:
            pieces.append((inside, child))
            continue
        for segment, marked in _segments(child.text or "", inside):
            if segment:
                t = etree.Element(_T)
                t.text = segment
                t.set(_SPACE, "preserve")
                pieces.append((marked, t))
            inside = marked
    _rebuild(run, pieces)
    return inside


def _segments(text: str, inside: bool) -> Iterator[tuple[str, bool]]:
    """Pieces of ``text`` between markers, each with whether it is marked (the last one
    says whether marked text is open after ``text``)."""
    for index, part in enumerate(_MARKERS.split(text)):
        if index % 2:
            inside = part == OPEN
        else:
            yield part, inside


def _rebuild(run: etree._Element, pieces: list[tuple[bool, etree._Element]]) -> None:
    """Replace ``run`` by consecutive runs of the same properties, shaded where marked."""
    properties = run.find(_RPR)
    parent = run.getparent()
    assert parent is not None
    position = parent.index(run)
    parent.remove(run)
    groups: list[tuple[bool, list[etree._Element]]] = []
    for marked, child in pieces:
        if groups and groups[-1][0] == marked:
            groups[-1][1].append(child)
        else:
            groups.append((marked, [child]))
    for offset, (marked, children) in enumerate(groups):
        new = etree.Element(_R)
        if properties is not None or marked:
            rpr = etree.SubElement(new, _RPR)
            if properties is not None:
                rpr.extend(list(copy.deepcopy(properties)))  # one copy, its children moved
            if marked:
                _add_shading(rpr)
        new.extend(children)
        parent.insert(position + offset, new)


def _add_shading(rpr: etree._Element) -> None:
    for old in rpr.findall(_SHD):
        rpr.remove(old)
    shd = etree.Element(_SHD, _SHADED)
    index = 0
    for i, child in enumerate(rpr):
        if child.tag in _BEFORE_SHD:
            index = i + 1
    rpr.insert(index, shd)


def notice_paragraph() -> etree._Element:
    """The paragraph put at the top of a document that prints illustrative values."""
    p = etree.Element(_w("p"))
    ppr = etree.SubElement(p, _w("pPr"))
    etree.SubElement(ppr, _w("jc")).set(_w("val"), "center")
    run = etree.SubElement(p, _w("r"))
    rpr = etree.SubElement(run, _w("rPr"))
    etree.SubElement(rpr, _w("i"))
    etree.SubElement(rpr, _w("sz")).set(_w("val"), "18")
    _add_shading(rpr)
    t = etree.SubElement(run, _w("t"))
    t.text = NOTICE
    return p


def note(origins: Iterable[str]) -> None:
    """Add ``origins`` to the collection under way (a render made in another process)."""
    collector = _collector.get()
    if collector is not None:
        collector |= set(origins)
