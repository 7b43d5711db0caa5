"""YAML parsing that keeps what staff typed, and where they typed it.

Every plain scalar stays text (YAML 1.1 would read ``22_112`` as 22112, ``18:30`` as 1110 and
``01004`` as 1004); pydantic converts text to numbers and dates where a model asks for one.
Only an empty value, ``~`` and ``null`` mean "nothing". A key given twice is an error naming
both lines. Each value's line is kept so that errors can say ``file:line: field``.

Parsing uses libyaml (``CSafeLoader``) when PyYAML has it, whose nodes keep their line, and
is bounded: a file's size, its nesting depth and its number of elements once aliases are
expanded (a "billion laughs" file is refused in milliseconds) are limited by ``Limites``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import Finding
from .limits import DEFAULT, Limites, exceeded

if TYPE_CHECKING:  # PyYAML loads when a file is parsed (records kept are not: recordscache)
    import yaml

Path_ = tuple[str | int, ...]

NULLS = {"", "~", "null", "Null", "NULL"}


@functools.cache
def loader() -> type[Any]:
    """libyaml's loader without implicit tag resolution: every scalar stays text here
    (``_build``), so matching each one against YAML 1.1's regexes (a fifth of the time
    spent reading records) would be wasted."""
    import yaml

    tags = {yaml.ScalarNode: "tag:yaml.org,2002:str",
            yaml.SequenceNode: "tag:yaml.org,2002:seq",
            yaml.MappingNode: "tag:yaml.org,2002:map"}

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            return tags[kind]

    return Loader


@dataclass
class _Budget:
    """What is left of a file's limits while its nodes are turned into data."""

    limits: Limites
    elements: int = 0


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


def parse(raw: bytes, file: str, limits: Limites = DEFAULT) -> YamlDocument:
    """Parse one YAML file; raise YamlProblem with a French message on any defect."""
    if len(raw) > limits.fiche_octets:
        raise YamlProblem(Finding(file, 0, "", exceeded(
            f"la taille du fichier ({len(raw)} octets)", "fiche_octets", limits.fiche_octets)))
    import yaml

    text = _decode(raw, file)
    try:
        node = yaml.compose(text, Loader=loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlProblem(
            Finding(file, line, "", f"syntaxe YAML invalide : {_problem(exc, text)}")
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Finding(file, 0, "", f"syntaxe YAML invalide : {exc}")) from None
    doc = YamlDocument(file, None)
    if node is not None:
        doc.lines[()] = node.start_mark.line + 1
        doc.data = _build(node, (), doc, _Budget(limits))
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


_TRANSLATIONS = {  # English problem (libyaml or PyYAML), first words -> French
    "mapping values are not allowed": "« : » inattendu (une valeur contenant « : » doit être "
    "entre guillemets)",
    "could not find expected ':'": "« : » manquant après une clé",
    "found undefined alias": "alias non défini",
    "did not find expected ',' or ']'": "« , » ou « ] » attendu : une liste entre crochets "
    "n'est pas fermée, ou une valeur contenant « : » doit être entre guillemets",
    "expected ',' or ']'": "« , » ou « ] » attendu : une liste entre crochets n'est pas "
    "fermée, ou une valeur contenant « : » doit être entre guillemets",
    "did not find expected ',' or '}'": "« , » ou « } » attendu : des accolades ne sont pas "
    "fermées",
    "expected ',' or '}'": "« , » ou « } » attendu : des accolades ne sont pas fermées",
    "did not find expected key": "clé attendue : l'indentation de cette ligne ne correspond "
    "pas aux lignes précédentes",
    "expected <block end>": "l'indentation de cette ligne ne correspond pas aux lignes "
    "précédentes",
    "did not find expected '-' indicator": "« - » attendu : l'indentation de cette ligne ne "
    "correspond pas à la liste au-dessus",
    "found unexpected end of stream": "fin du fichier inattendue (guillemet non fermé ?)",
    "found unknown escape character": "caractère d'échappement inconnu après « \\ » entre "
    "guillemets doubles (utilisez des guillemets simples)",
    "second occurrence": "ancre (&) donnée deux fois",
    "did not find expected <document start>": "texte inattendu après la fin des données",
    "expected '<document start>'": "texte inattendu après la fin des données",
    "exceeded maximum nesting depth": "imbrication trop profonde",
}


def _problem(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or ""
    if "that cannot start any token" in problem:
        char = _char_at(text, exc.problem_mark)
        if char == "\t":
            return "tabulation interdite, indentez avec des espaces"
        return f"caractère « {char} » inattendu en début de valeur (mettez la valeur entre " \
            "guillemets)"
    for english, french in _TRANSLATIONS.items():
        if problem.startswith(english) or (exc.context or "").startswith(english):
            return french
    return problem or str(exc)


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    if mark is None or not 0 <= mark.line < len(lines):
        return "?"
    line = lines[mark.line]
    return line[mark.column] if 0 <= mark.column < len(line) else "?"


def _build(node: Any, path: Path_, doc: YamlDocument, budget: _Budget) -> Any:
    """``node`` (a yaml.Node, whose kind is its ``id``) as data."""
    budget.elements += 1
    limits = budget.limits
    if budget.elements > limits.fiche_elements:
        raise YamlProblem(Finding(doc.file, node.start_mark.line + 1, dotted(path), exceeded(
            "le nombre d'éléments (alias développés)", "fiche_elements",
            limits.fiche_elements)))
    if len(path) > limits.fiche_profondeur:
        raise YamlProblem(Finding(doc.file, node.start_mark.line + 1, dotted(path), exceeded(
            "l'imbrication", "fiche_profondeur", limits.fiche_profondeur)))
    if node.id == "scalar":
        if not node.style and node.value in NULLS:  # plain: None (Python) or "" (libyaml)
            return None
        return node.value
    lines = doc.lines
    if node.id == "mapping":
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, doc, budget)
            if not isinstance(key, str):
                raise YamlProblem(
                    Finding(doc.file, key_node.start_mark.line + 1, dotted(path),
                            "une clé doit être un texte simple")
                )
            line = key_node.start_mark.line + 1
            child = (*path, key)
            if key in first_line:
                raise YamlProblem(
                    Finding(doc.file, line, dotted(child),
                            f"clé « {key} » donnée deux fois (lignes {first_line[key]} "
                            f"et {line}) ; gardez-en une seule")
                )
            first_line[key] = line
            lines[child] = line
            result[key] = _build(value_node, child, doc, budget)
        return result
    assert node.id == "sequence"
    items = []
    for index, item in enumerate(node.value):
        child = (*path, index)
        lines[child] = item.start_mark.line + 1
        items.append(_build(item, child, doc, budget))
    return items


def dotted(path: Path_) -> str:
    """("services", 2, "nom") -> services[2].nom"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
