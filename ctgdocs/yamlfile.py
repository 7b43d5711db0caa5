"""YAML parsing that keeps what staff typed, and where they typed it.

Every plain scalar stays text (YAML 1.1 would read ``22_112`` as 22112, ``18:30`` as 1110 and
``01004`` as 1004); pydantic converts text to numbers and dates where a model asks for one.
Only an empty value, ``~`` and ``null`` mean "nothing". A key given twice is an error naming
both lines. Each value's line is kept so that errors can say ``file:line: field``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Finding

Path_ = tuple[str | int, ...]

NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and the line (1-based) of every key and item."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest ancestor that the file spells out."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlProblem(Exception):
    def __init__(self, finding: Finding):
        super().__init__(str(finding))
        self.finding = finding


def parse(raw: bytes, file: str) -> YamlDocument:
    """Parse one YAML file; raise YamlProblem with a French message on any defect."""
    text = _decode(raw, file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlProblem(
            Finding(file, line, "", f"syntaxe YAML invalide : {_problem(exc)}")
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Finding(file, 0, "", f"syntaxe YAML invalide : {exc}")) from None
    doc = YamlDocument(file, None)
    if node is not None:
        doc.lines[()] = node.start_mark.line + 1
        doc.data = _build(node, (), doc)
    return doc


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            Finding(
                file,
                line,
                "",
                "le fichier n'est pas encodé en UTF-8 (sans doute Windows-1252) ; "
                "ouvrez-le dans votre éditeur et enregistrez-le en UTF-8",
            )
        ) from None


def _problem(exc: yaml.MarkedYAMLError) -> str:
    translations = {
        "found character '\\t' that cannot start any token": "tabulation interdite, "
        "indentez avec des espaces",
        "mapping values are not allowed here": "« : » inattendu (une valeur contenant "
        "« : » doit être entre guillemets)",
        "could not find expected ':'": "« : » manquant après une clé",
        "found undefined alias": "alias non défini",
    }
    problem = exc.problem or ""
    for english, french in translations.items():
        if problem.startswith(english):
            return french
    return problem or str(exc)


def _build(node: yaml.Node, path: Path_, doc: YamlDocument) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, doc)
            if not isinstance(key, str):
                raise YamlProblem(
                    Finding(doc.file, key_node.start_mark.line + 1, dotted(path),
                            "une clé doit être un texte simple")
                )
            line = key_node.start_mark.line + 1
            if key in first_line:
                raise YamlProblem(
                    Finding(doc.file, line, dotted((*path, key)),
                            f"clé « {key} » donnée deux fois (lignes {first_line[key]} "
                            f"et {line}) ; gardez-en une seule")
                )
            first_line[key] = line
            doc.lines[(*path, key)] = line
            result[key] = _build(value_node, (*path, key), doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.lines[(*path, index)] = item.start_mark.line + 1
            items.append(_build(item, (*path, index), doc))
        return items
    assert isinstance(node, yaml.ScalarNode)
    if node.style is None and node.value in NULLS:
        return None
    return node.value


def dotted(path: Path_) -> str:
    """("services", 2, "nom") -> services[2].nom"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
