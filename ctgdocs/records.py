"""YAML records -> models, with ``file:line: field`` on every problem."""

from __future__ import annotations

import types
import typing
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from . import marking
from .council import Roster
from .errors import CtgdocsError, Finding, Level
from .infiles import read_regular_file
from .models import Commune, Communes, Convention, Gestionnaire, Record, Service, Territoire
from .models.common import PATTERN_HINTS
from .models.conseil import Conseil, Deliberation, Elu, Seance
from .models.plan import PlanAction
from .oserrors import reason
from .workspace import Workspace
from .yamlfile import Path_, YamlDocument, YamlProblem, dotted, parse

R = TypeVar("R", bound=Record)


@dataclass
class Records:
    """Every record of a workspace, and where each model object came from."""

    territoire: Territoire
    communes: list[Commune]
    gestionnaires: list[Gestionnaire]
    conventions: list[Convention]
    elus: list[Elu] = field(default_factory=list)
    seances: list[Seance] = field(default_factory=list)
    deliberations: list[Deliberation] = field(default_factory=list)
    plan: PlanAction | None = None
    origins: dict[int, tuple[YamlDocument, Path_]] = field(default_factory=dict, repr=False)
    data: dict[str, Any] = field(default_factory=dict, repr=False)  # name -> YAML data
    # Files that failed to load (partial loading, for `check`) and the identifiers they hold.
    broken: dict[str, set[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def roster(self) -> Roster:
        return Roster(self.elus)

    # Pickled (recordscache.py) with ``origins`` keyed by the models themselves: an id
    # means nothing in another process.
    def __getstate__(self) -> dict[str, Any]:
        state = {name: value for name, value in vars(self).items() if name != "roster"}
        models = {id(model): model
                  for name in ("territoire", "communes", "gestionnaires", "conventions",
                               "elus", "seances", "deliberations", "plan")
                  for model, _ in _models(state[name])}
        state["origins"] = [(models[key], origin) for key, origin in self.origins.items()
                            if key in models]  # a file's own root model may be gone
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["origins"] = {id(model): origin for model, origin in state["origins"]}
        vars(self).update(state)

    def finding(self, obj: BaseModel, field: str | Path_ | None, message: str,
                level: Level = "erreur") -> Finding:
        """A finding located at ``obj.field`` (a name or a path) in the file defining ``obj``."""
        doc, path = self.origins[id(obj)]
        relative = (field,) if isinstance(field, str) else field or ()
        full = (*path, *relative)
        return Finding(doc.file, doc.line(full), dotted(full), message, level)

    # look-ups (identifiers are checked unique by the rules)

    @property
    def epci_id(self) -> str:
        return self.territoire.epci.id

    def commune(self, insee: str) -> Commune | None:
        return next((c for c in self.communes if c.insee == insee), None)

    def gestionnaire(self, ident: str) -> Gestionnaire | None:
        return next((g for g in self.gestionnaires if g.id == ident), None)

    def convention(self, ident: str) -> Convention | None:
        return next((c for c in self.conventions if c.id == ident), None)

    def seance(self, ident: str) -> Seance | None:
        return next((s for s in self.seances if s.id == ident), None)

    def deliberation(self, numero: str) -> Deliberation | None:
        return next((d for d in self.deliberations if d.numero == numero), None)

    def services(self) -> Iterator[tuple[Gestionnaire, Service]]:
        for gestionnaire in self.gestionnaires:
            for service in gestionnaire.services:
                yield gestionnaire, service

    def is_collectivite(self, ident: str) -> bool:
        return ident == self.epci_id or self.commune(ident) is not None

    def collectivite_name(self, ident: str) -> str:
        """The EPCI's name or "Commune de …"."""
        if ident == self.epci_id:
            return self.territoire.epci.nom
        commune = self.commune(ident)
        return commune.designation if commune else ident


# Where each kind of record lives, relative to records/.
SINGLE_FILES: dict[str, tuple[type[Record], bool]] = {  # name: (model, required)
    "territoire.yaml": (Territoire, True),
    "communes.yaml": (Communes, True),
    "elus.yaml": (Conseil, False),
    "plan-action.yaml": (PlanAction, False),
}
FOLDERS: dict[str, type[Record]] = {
    "gestionnaires": Gestionnaire,
    "conventions": Convention,
    "seances": Seance,
    "deliberations": Deliberation,
}


class Source(Protocol):
    """Where records are read from: the workspace's files, or a snapshot in the register."""

    def names(self) -> list[str]:
        """Record files, relative to records/, with / separators, sorted."""

    def document(self, name: str) -> YamlDocument:
        """The parsed file; YamlProblem or OSError when it cannot be read."""


class DiskSource:
    """The workspace's record files, each read once (the bytes a cache key is made of are
    the bytes parsed)."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self._raw: dict[str, bytes] = {}

    def names(self) -> list[str]:
        base = self.workspace.records_dir
        return sorted(p.relative_to(base).as_posix() for p in self.workspace.record_files())

    def raw(self, name: str) -> bytes:
        """The file's bytes; YamlProblem when it cannot be read."""
        if name not in self._raw:
            path = self.workspace.records_dir / name
            label = self.workspace.display(path)
            limit = self.workspace.settings.limites.fiche_octets  # a bad ctgdocs.toml says so
            try:
                self._raw[name] = read_regular_file(
                    path, limit, label=label, within=self.workspace.root,
                    setting="fiche_octets")
            except CtgdocsError as exc:
                raise YamlProblem(Finding(label, 0, "",
                                          str(exc).removeprefix(f"{label} : "))) from None
        return self._raw[name]

    def document(self, name: str) -> YamlDocument:
        label = self.workspace.display(self.workspace.records_dir / name)
        return parse(self.raw(name), label, self.workspace.settings.limites)


class SnapshotSource:
    """Records as frozen in a register snapshot: {name: data}."""

    def __init__(self, data: dict[str, Any]):
        self.data = data

    def names(self) -> list[str]:
        return sorted(self.data)

    def document(self, name: str) -> YamlDocument:
        return YamlDocument(f"records/{name}", self.data[name])


_SNAPSHOTS: OrderedDict[str, tuple[Records | None, list[Finding]]] = OrderedDict()
SNAPSHOTS_KEPT = 64


def load_snapshot(raw: bytes, digest: str) -> tuple[Records | None, list[Finding]]:
    """The records of the register snapshot ``digest``, whose bytes ``raw`` the caller read
    and checked against it: decoded and loaded once per process (a command may ask for the
    same snapshot for its checks and for each document made as of a past date). The records
    returned are shared: read them, never change them."""
    loaded = _SNAPSHOTS.get(digest)
    if loaded is None:
        from .recordscache import load_snapshot as kept  # it imports this module

        loaded = _SNAPSHOTS[digest] = kept(raw, digest)
        if len(_SNAPSHOTS) > SNAPSHOTS_KEPT:
            _SNAPSHOTS.popitem(last=False)
    else:
        _SNAPSHOTS.move_to_end(digest)
    return loaded


def load(workspace: Workspace, partial: bool = False) -> tuple[Records | None, list[Finding]]:
    """Load every record of the workspace; the records (None if a file failed) and problems.

    ``partial``: the records that did load even if others failed (``Records.broken`` lists
    the failed files), so that `check` reports every problem in one pass."""
    return load_from(DiskSource(workspace), partial)


def load_from(source: Source,
              partial: bool = False) -> tuple[Records | None, list[Finding]]:
    loader = _Loader(source, _SNAPSHOT_MEMO if isinstance(source, SnapshotSource) else None)
    names = source.names()
    singles = {name: loader.single(name, model, required, name in names)
               for name, (model, required) in SINGLE_FILES.items()}
    folders = {folder: loader.many([n for n in names if _in_folder(n, folder)], model)
               for folder, model in FOLDERS.items()}
    for stray in names:
        if stray not in SINGLE_FILES and not any(_in_folder(stray, f) for f in FOLDERS):
            loader.findings.append(Finding(
                f"records/{stray}", 0, "", "fichier ignoré : les fiches vont dans "
                f"{', '.join(SINGLE_FILES)} ou les dossiers {', '.join(FOLDERS)}",
                "avertissement"))
    territoire, communes = singles["territoire.yaml"], singles["communes.yaml"]
    if (loader.failed and not partial) or not isinstance(territoire, Territoire) \
            or not isinstance(communes, Communes):
        return None, loader.findings
    conseil, plan = singles["elus.yaml"], singles["plan-action.yaml"]
    elus = conseil.elus if isinstance(conseil, Conseil) else []
    seances, deliberations = folders["seances"], folders["deliberations"]
    if (seances or deliberations) and not elus and "elus.yaml" not in loader.broken:
        loader.findings.append(Finding("records/elus.yaml", 0, "",
                                       "fichier manquant : les séances nomment des élus"))
        return None, loader.findings
    records = Records(
        territoire, communes.communes, folders["gestionnaires"], folders["conventions"],  # type: ignore[arg-type]
        elus, seances, deliberations, plan if isinstance(plan, PlanAction) else None,  # type: ignore[arg-type]
        loader.origins, loader.data, loader.broken)
    return records, loader.findings


def _in_folder(name: str, folder: str) -> bool:
    return name.startswith(folder + "/") and name.count("/") == 1 \
        and name.endswith((".yaml", ".yml"))


@dataclass
class _Loaded:
    """One file's record as validated and marked, its warnings and where its objects are."""

    record: Record
    findings: list[Finding]
    origins: dict[int, tuple[YamlDocument, Path_]]


class _Memo:
    """Snapshot files already loaded, by content: the register's snapshots mostly hold the same
    files, and a command reading several of them (status, a build as of past dates) validates
    each distinct file once. Records are frozen, so they can be shared. Bounded: the oldest go
    first."""

    SIZE = 4096

    def __init__(self) -> None:
        self._loaded: OrderedDict[tuple[str, type[Record], str], _Loaded] = OrderedDict()

    def load(self, key: tuple[str, type[Record], str],
             make: Callable[[], _Loaded | None]) -> _Loaded | None:
        """The file loaded before with the same content, or ``make()`` (kept if it loaded)."""
        loaded = self._loaded.get(key)
        if loaded is not None:
            self._loaded.move_to_end(key)
            return loaded
        loaded = make()
        if loaded is not None:
            self._loaded[key] = loaded
            if len(self._loaded) > self.SIZE:
                self._loaded.popitem(last=False)
        return loaded


_SNAPSHOT_MEMO = _Memo()


class _Loader:
    def __init__(self, source: Source, memo: _Memo | None = None):
        self.source = source
        self.memo = memo
        self.findings: list[Finding] = []
        self.origins: dict[int, tuple[YamlDocument, Path_]] = {}
        self.data: dict[str, Any] = {}
        self.broken: dict[str, set[str]] = {}  # failed file -> identifiers it holds
        self.failed = False

    def single(self, name: str, model: type[R], required: bool, present: bool) -> R | None:
        if not present:
            if required:
                self._fail(Finding(f"records/{name}", 0, "", "fichier manquant"))
            return None
        return self._load(name, model)

    def many(self, names: list[str], model: type[R]) -> list[R]:
        return [r for r in (self._load(n, model) for n in names) if r is not None]

    def _fail(self, finding: Finding, name: str = "", data: Any = None) -> None:
        self.findings.append(finding)
        self.failed = True
        if name:
            idents = self.broken.setdefault(name, {Path(name).stem})
            if isinstance(data, dict):
                idents |= {str(data[k]) for k in ("id", "numero") if k in data}

    def _load(self, name: str, model: type[R]) -> R | None:
        try:
            doc = self.source.document(name)
        except YamlProblem as problem:
            self._fail(problem.finding, name)
            return None
        except OSError as exc:
            self._fail(Finding(f"records/{name}", 0, "", f"lecture impossible : {reason(exc)}"),
                       name)
            return None
        if not isinstance(doc.data, dict):
            self._fail(Finding(doc.file, doc.line(()), "",
                               "le fichier doit contenir des champs « clé : valeur »"), name)
            return None
        if self.memo is None:
            loaded = self._validate(name, model, doc)
        else:  # repr keeps the types apart (a date and its ISO text, 1 and "1")
            loaded = self.memo.load((name, model, repr(doc.data)),
                                    lambda: self._validate(name, model, doc))
        if loaded is None:
            return None
        self.data[name] = doc.data
        self.findings += loaded.findings
        self.origins.update(loaded.origins)
        return loaded.record  # type: ignore[return-value]

    def _validate(self, name: str, model: type[R], doc: YamlDocument) -> _Loaded | None:
        try:
            record = model.model_validate(doc.data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                self._fail(Finding(doc.file, doc.line(loc), dotted(loc),
                                   french_message(error, model)), name, doc.data)
            return None
        findings = []
        for index, path_text in enumerate(record.exemple):
            if not _resolves(doc.data, path_text):
                findings.append(
                    Finding(doc.file, doc.line(("exemple", index)), f"exemple[{index}]",
                            f"« {path_text} » ne désigne aucun champ de cette fiche",
                            "avertissement")
                )
            record = marking.mark_path(record, path_text.split("."), _origin(doc))
        # where the record and every model inside it were read
        origins = {id(model): (doc, path) for model, path in _models(record)}
        return _Loaded(record, findings, origins)


def _models(value: Any, path: Path_ = ()) -> Iterator[tuple[BaseModel, Path_]]:
    """``value`` if it is a model, and every model inside it, with its path."""
    if isinstance(value, BaseModel):
        yield value, path
        for name in type(value).model_fields:
            yield from _models(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _models(item, (*path, index))


def _origin(doc: YamlDocument) -> Callable[[Path_], str]:
    """Where an illustrative value was read: "records/cspg.yaml:9: siret"."""
    return lambda path: f"{doc.file}:{doc.line(path)}: {dotted(path)}"


def _resolves(data: Any, path_text: str) -> bool:
    """Does "siret", "services.bebebus.nom" or "communes.*.population" name something here?

    A list is entered by position, by the ``id`` (or ``insee``) of an item, or by ``*`` (all).
    """
    nodes = [data]
    for part in path_text.split("."):
        found = []
        for node in nodes:
            if isinstance(node, dict) and part in node:
                found.append(node[part])
            elif isinstance(node, list):
                if part == "*":
                    found += node
                elif part.isdigit() and int(part) < len(node):
                    found.append(node[int(part)])
                else:
                    found += [i for i in node if isinstance(i, dict)
                              and part in (i.get("id"), i.get("insee"))]
        if not found:
            return False
        nodes = found
    return True


# French messages for pydantic's error types

_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "int_parsing": "nombre entier attendu, lu « {input} »",
    "int_type": "nombre entier attendu",
    "decimal_parsing": "montant attendu, lu « {input} »",
    "date_from_datetime_parsing": "date invalide « {input} » : écrivez AAAA-MM-JJ ou JJ/MM/AAAA",
    "date_parsing": "date invalide « {input} » : écrivez AAAA-MM-JJ ou JJ/MM/AAAA",
    "date_type": "date attendue (AAAA-MM-JJ ou JJ/MM/AAAA)",
    "time_parsing": "heure invalide « {input} » : écrivez HH:MM, ex. 18:30",
    "bool_parsing": "oui ou non attendu, lu « {input} »",
    "string_type": "texte attendu",
    "list_type": "liste attendue (une ligne « - … » par élément)",
    "model_type": "champs « clé : valeur » attendus",
    "dict_type": "champs « clé : valeur » attendus",
    "model_attributes_type": "champs « clé : valeur » attendus",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
    "too_long": "au plus {max_length} élément(s)",
    "string_too_long": "texte trop long : {max_length} caractères au plus",
    "string_too_short": "texte vide",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "greater_than": "doit être supérieur à {gt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "string_pattern_mismatch": "format invalide « {input} »",
    "literal_error": "valeur « {input} » non autorisée ; valeurs possibles : {expected}",
}


def french_message(error: Any, root: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "extra_forbidden":
        key = error["loc"][-1]
        allowed = _allowed_fields(root, tuple(error["loc"][:-1]))
        hint = f" ; champs possibles : {', '.join(allowed)}" if allowed else ""
        return f"champ inconnu « {key} » (faute de frappe ?){hint}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_HINTS:
        return f"format invalide « {error.get('input')} » : {PATTERN_HINTS[ctx['pattern']]}"
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error["msg"])
    values = {"input": error.get("input"), **ctx}
    return template.format(**{k: str(v) for k, v in values.items()})


def _allowed_fields(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at ``loc`` inside ``root`` (empty if not a model)."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        model = _model_in(current)
        if model is None or part not in model.model_fields:
            return []
        current = model.model_fields[part].annotation
    model = _model_in(current)
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside X, list[X], X | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            model = _model_in(arg)
            if model is not None:
                return model
    return None
