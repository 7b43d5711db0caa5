"""Writing YAML records: precise text edits that keep every byte a change does not touch.

A record file is edited, never re-dumped: its comments, blank lines, indentation, quotes,
flow or block styles and anchors stay as staff wrote them. ``edit`` compares the file's
nodes with the wanted data and replaces only the scalars that changed, appends new keys and
list items in the style of their neighbours, removes what is gone, and rewrites a whole
collection only when nothing finer can say the change. ``dump`` writes a new file in the
style of the reference records. Every result is read back with ``yamlfile.parse`` (which
reads every plain value as text, so ``22_112`` and ``01004`` stay text) and must give the
wanted data exactly, otherwise nothing is returned.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import CtgdocsError
from .limits import DEFAULT
from .yamlfile import NULLS, YamlProblem, parse

_FIRST_UNSAFE = set("-?:,[]{}#&*!|>'\"%@`= ")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_ANY_UNSAFE = re.compile(r": |:$| #|[\x00-\x1f\x7f\u2028\u2029\ufeff]")
FLOW_WIDTH = 100  # a list of short texts stays on its key's line up to this width


@dataclass
class _Node:
    kind: str  # scalar, map, seq, alias
    start: int
    end: int
    column: int
    flow: bool = False
    value: str | None = None  # a scalar's text (None: null)
    pairs: list[tuple[_Node, _Node]] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)
    anchor: str | None = None
    target: _Node | None = None


def _compose(text: str) -> _Node | None:
    """The node tree with character positions (aliases kept as alias nodes)."""
    anchors: dict[str, _Node] = {}
    stack: list[_Node] = []
    keys: list[_Node | None] = []
    root: _Node | None = None

    def attach(node: _Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif keys[-1] is None:
            keys[-1] = node
        else:
            key = keys[-1]
            assert key is not None
            parent.pairs.append((key, node))
            keys[-1] = None

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark: Any = event.start_mark
        end: Any = event.end_mark
        if isinstance(event, yaml.ScalarEvent):
            plain_null = event.style is None and event.value in NULLS
            node = _Node("scalar", mark.index, end.index, mark.column,
                         value=None if plain_null else event.value, anchor=event.anchor)
        elif isinstance(event, yaml.AliasEvent):
            node = _Node("alias", mark.index, end.index, mark.column,
                         target=anchors.get(event.anchor or ""))
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
            node = _Node(kind, mark.index, mark.index, mark.column,
                         flow=bool(event.flow_style), anchor=event.anchor)
            attach(node)
            stack.append(node)
            keys.append(None)
            if node.anchor:
                anchors[node.anchor] = node
            continue
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            node = stack.pop()
            keys.pop()
            if node.flow:
                node.end = end.index
            else:
                children = node.items or [v for _, v in node.pairs]
                node.end = children[-1].end if children else node.start
            continue
        else:
            continue
        if node.anchor:
            anchors[node.anchor] = node
        attach(node)
    return root


def _data(node: _Node) -> Any:
    if node.kind == "alias":
        assert node.target is not None
        return _data(node.target)
    if node.kind == "scalar":
        return node.value
    if node.kind == "seq":
        return [_data(item) for item in node.items]
    return {key.value: _data(value) for key, value in node.pairs}


# Emitting new text


def scalar(value: Any, flow: bool = False) -> str:
    """A scalar that yamlfile reads back as the same text: plain when it can be."""
    text = str(value)
    if text and text not in NULLS and text[0] not in _FIRST_UNSAFE \
            and text[-1] != " " and not _ANY_UNSAFE.search(text) \
            and not (flow and _FLOW_UNSAFE.search(text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, True)


def _inline(value: Any, flow_hint: bool = False) -> str | None:
    """The value on one line, or None when it is written as a block."""
    if _is_scalar(value):
        return scalar(value)
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    if flow_hint:
        return _flow(value)
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        text = _flow(value)
        return text if len(text) <= FLOW_WIDTH else None
    return None


def _block(value: dict[str, Any] | list[Any], indent: int,
           flow_items: bool | None = None) -> str:
    """A block collection whose first line starts at ``indent`` (no leading spaces).
    ``flow_items``: list items written as their neighbours are (None: small ones in flow)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            inline = _inline(item)
            if inline is not None:
                lines.append(f"{scalar(key)}: {inline}")
            else:
                lines.append(f"{scalar(key)}:\n{pad}  {_block(item, indent + 2)}")
    else:
        for item in value:
            small = isinstance(item, dict) and all(_is_scalar(v) for v in item.values()) \
                and len(_flow(item)) <= FLOW_WIDTH - indent
            flow = small if flow_items is None else flow_items
            inline = _inline(item, flow and isinstance(item, dict))
            lines.append("- " + (inline if inline is not None else _block(item, indent + 2)))
    return f"\n{pad}".join(lines)


def dump(data: dict[str, Any], header: str = "") -> str:
    """A new record file; ``header`` becomes comment lines at its top."""
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comments + _block(data, 0) + "\n"


# Editing


@dataclass
class _Edit:
    start: int
    end: int
    text: str


class _Editor:
    def __init__(self, text: str):
        self.text = text
        self.edits: list[_Edit] = []
        self.anchors: dict[str, Any] = {}  # anchor -> its new value (absent: lost)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        if index > 0 and self.text[index - 1] == "\n":
            return index - 1
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found

    def alone_on_line(self, node: _Node) -> bool:
        return not self.text[self.line_start(node.start):node.start].strip()

    def replace(self, node: _Node, new: Any, indent: int, position: str, flow: bool) -> None:
        """Rewrite ``node`` entirely. position: value (after « key: »), item (after « - »)."""
        start = node.start
        if flow:
            self.edits.append(_Edit(start, node.end, _flow(new)))
            return
        inline = _inline(new, node.flow and not _is_scalar(new))
        if position == "value":  # back to just after the colon
            while start > 0 and self.text[start - 1] in " \t\n\r":
                start -= 1
        if inline is not None:
            lead = " " if position == "value" else ""
            self.edits.append(_Edit(start, node.end, lead + inline))
            return
        if position == "value":
            column = node.column if node.kind in ("map", "seq") and not node.flow else indent
            pad = " " * column
            self.edits.append(_Edit(start, node.end, f"\n{pad}{_block(new, column)}"))
        else:
            self.edits.append(_Edit(start, node.end, _block(new, indent)))

    def diff(self, node: _Node, new: Any, indent: int, position: str, flow: bool) -> None:
        if node.kind == "alias":
            assert node.target is not None
            anchor = node.target.anchor or ""
            if anchor in self.anchors and self.anchors[anchor] == new:
                return
            self.replace(node, new, indent, position, flow)
            return
        old = _data(node)
        if node.anchor:
            self.anchors[node.anchor] = new
        if old == new and not self._stale_alias(node):
            self._keep_anchors(node)
            return
        if node.kind == "map" and isinstance(new, dict) and not node.flow and not flow:
            self.diff_map(node, new)
        elif node.kind == "map" and isinstance(new, dict) and (node.flow or flow) \
                and self.diff_flow_map(node, new):
            pass
        elif node.kind == "seq" and isinstance(new, list) and not node.flow and not flow:
            self.diff_seq(node, new)
        elif node.kind == "seq" and isinstance(new, list) and len(old) == len(new) \
                and (node.flow or flow):
            for item, value in zip(node.items, new, strict=True):
                self.diff(item, value, indent, "item", True)
        elif node.kind == "scalar" and _is_scalar(new):
            self.edits.append(_Edit(node.start, node.end, scalar(new, flow)))
        else:
            if node.anchor:
                self.anchors.pop(node.anchor)
            self.replace(node, new, indent, position, flow)

    def _keep_anchors(self, node: _Node) -> None:
        """Anchors inside an unchanged node keep their value."""
        if node.anchor and node.kind != "alias":
            self.anchors[node.anchor] = _data(node)
        for child in [*node.items, *(value for _, value in node.pairs)]:
            self._keep_anchors(child)

    def _stale_alias(self, node: _Node) -> bool:
        """Does ``node`` hold an alias whose anchor has changed or is gone?"""
        if node.kind == "alias":
            assert node.target is not None
            anchor = node.target.anchor or ""
            return bool(self.anchors.get(anchor, _GONE) != _data(node.target))
        return any(self._stale_alias(child) for child in
                   [*node.items, *(value for _, value in node.pairs)])

    def diff_map(self, node: _Node, new: dict[str, Any]) -> None:
        keys = [key.value for key, _ in node.pairs]
        column = node.pairs[0][0].column
        for key, value in node.pairs:
            if key.value in new:
                self.diff(value, new[key.value], column + 2, "value", False)
            elif self.alone_on_line(key):
                start = self.line_start(key.start)
                end = self.line_end(value.end)
                self.edits.append(_Edit(start, min(end + 1, len(self.text)), ""))
            else:  # the first key after « - »: remove up to the next key
                following = [k for k, _ in node.pairs if k.start > key.start]
                if not following:
                    raise _CannotEdit
                self.edits.append(_Edit(key.start, following[0].start, ""))
        added = [k for k in new if k not in keys]
        if added:
            at = self.line_end(node.pairs[-1][1].end)
            pad = " " * column
            text = "".join(f"\n{pad}{_block({k: new[k]}, column)}" for k in added)
            self.edits.append(_Edit(at, at, text))

    def diff_flow_map(self, node: _Node, new: dict[str, Any]) -> bool:
        """Edit a flow mapping key by key; False when only a rewrite can do it."""
        keys = [key.value for key, _ in node.pairs]
        kept = [k for k in keys if k in new]
        if not kept or keys[0] not in new or list(new)[:len(kept)] != kept:
            return False
        previous = node.pairs[0][1]
        for key, value in node.pairs:
            if key.value in new:
                self.diff(value, new[key.value], 0, "value", True)
            else:
                self.edits.append(_Edit(previous.end, value.end, ""))
            previous = value
        added = {k: v for k, v in new.items() if k not in keys}
        if added:
            at = node.pairs[-1][1].end
            self.edits.append(_Edit(at, at, "".join(
                f", {scalar(k, True)}: {_flow(v)}" for k, v in added.items())))
        return True

    def diff_seq(self, node: _Node, new: list[Any]) -> None:
        dash = self.line_start(node.items[0].start)
        dash_column = self.text.find("-", dash, node.items[0].start) - dash
        for item, value in zip(node.items, new, strict=False):
            self.diff(item, value, dash_column + 2, "item", False)
        for item in node.items[len(new):]:
            start = self.text.rfind("-", 0, item.start)
            start = self.line_start(start)
            end = self.line_end(item.end)
            self.edits.append(_Edit(start, min(end + 1, len(self.text)), ""))
        if len(new) > len(node.items):
            last = node.items[-1]
            flow_items = last.flow if last.kind == "map" else None
            at = self.line_end(last.end)
            pad = " " * dash_column
            gap = "\n" if len(node.items) > 1 and self._spaced(node.items[-2], last) else ""
            text = "".join(
                f"\n{gap}{pad}{_block([value], dash_column, flow_items)}"
                for value in new[len(node.items):])
            self.edits.append(_Edit(at, at, text))

    def _spaced(self, before: _Node, after: _Node) -> bool:
        """Is there a blank line between two items (then new items get one too)?"""
        gap = self.text[self.line_end(before.end):self.line_start(after.start)]
        return any(not line.strip() for line in gap.split("\n")[1:-1])

    def result(self) -> str:
        text = self.text
        for item in sorted(self.edits, key=lambda e: (e.start, e.end), reverse=True):
            text = text[:item.start] + item.text + text[item.end:]
        return text


_GONE = object()


class _CannotEdit(Exception):
    pass


def edit(text: str, new: dict[str, Any], file: str) -> str:
    """``text`` changed so that it reads as ``new``, touching only what differs. A file
    written with Windows line ends (CRLF) or a byte-order mark keeps them."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    crlf = "\r\n" in text
    plain = text[len(bom):].replace("\r\n", "\n") if crlf else text[len(bom):]
    result = _edit(plain, new, file)
    return bom + (result.replace("\n", "\r\n") if crlf else result)


def _edit(text: str, new: dict[str, Any], file: str) -> str:
    root = _compose(text)
    result: str | None
    if root is None or root.kind != "map" or root.flow:
        result = dump(new)
    else:
        editor = _Editor(text)
        try:
            editor.diff(root, new, 0, "value", False)
            result = editor.result()
        except _CannotEdit:
            result = None
    if result is None or not _reads_as(result, new, file):
        raise CtgdocsError(f"{file} : modification impossible sans changer la mise en forme "
                           "du fichier ; rien n'a été écrit (signalez-le, avec le fichier).")
    return result


def _reads_as(text: str, new: dict[str, Any], file: str) -> bool:
    try:
        return bool(parse(text.encode("utf-8"), file, DEFAULT).data == new)
    except YamlProblem:
        return False
