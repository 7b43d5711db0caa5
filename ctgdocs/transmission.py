"""The return trip from the préfecture: the acknowledgement (actes:ARActe) read back into the
délibération's record, the one place the transmission facts live; and the stamped copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from pydantic import ValidationError

from . import actes
from .errors import CtgdocsError
from .models.conseil import Deliberation
from .outputs import atomic_write, prepare_dir
from .paths import output_path
from .pdfstamp import EXAMPLE_MARK, stamp, stamp_all
from .records import Records
from .register import Register
from .workspace import Workspace
from .yamlfile import YamlProblem, parse

ACTES = "{http://www.interieur.gouv.fr/ACTES#v1.1-20040216}"


@dataclass(frozen=True)
class Acknowledgement:
    id_actes: str
    reception: dt.date
    numero: str | None  # the NumeroInterne of the act received, when the AR gives it
    source: str | None = None  # the file it was read from; None when typed as options

    def field(self, name: str, option: str) -> str:
        """How a message names one of its facts: "ar.xml : DateReception" or "--recu"."""
        return f"{self.source} : {name}" if self.source else option


def read_ar(data: bytes, name: str) -> Acknowledgement:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise CtgdocsError(f"{name} n'est pas un fichier XML lisible ({_french(exc)}).") from None
    except LookupError as exc:
        encoding = str(exc).rsplit(":", 1)[-1].strip()
        raise CtgdocsError(f"{name} : encodage « {encoding} » inconnu dans la déclaration XML ; "
                           "un accusé de réception @ctes est en UTF-8 ou en ISO-8859-1 : "
                           "téléchargez-le à nouveau depuis la plateforme.") from None
    except ValueError as exc:
        raise CtgdocsError(f"{name} n'est pas un fichier XML lisible ({exc}).") from None
    if root.tag != f"{ACTES}ARActe":
        raise CtgdocsError(f"{name} n'est pas un accusé de réception @ctes (actes:ARActe).")
    ident, received = root.get(f"{ACTES}IDActe"), root.get(f"{ACTES}DateReception")
    if not ident or not received:
        missing = " et ".join(field for field, value in (("IDActe", ident),
                                                         ("DateReception", received))
                              if not value)
        raise CtgdocsError(f"{name} : {missing} manquant dans actes:ARActe.")
    try:
        day = dt.date.fromisoformat(received)
    except ValueError:
        raise CtgdocsError(f"{name} : DateReception « {received} » illisible (attendu "
                           "AAAA-MM-JJ).") from None
    act = root.find(f"{ACTES}ActeRecu")
    numero = act.get(f"{ACTES}NumeroInterne") if act is not None else None
    return Acknowledgement(ident, day, numero, name)


_EXPAT = {"syntax error": "erreur de syntaxe", "no element found": "document vide ou tronqué",
          "not well-formed (invalid token)": "caractère ou balise invalide",
          "mismatched tag": "balises mal fermées", "unclosed token": "balise non fermée",
          "junk after document element": "texte après la fin du document",
          "undefined entity": "entité inconnue",
          "encoding specified in XML declaration is incorrect":
              "l'encodage déclaré ne correspond pas au contenu",
          "limit on input amplification factor (from DTD and entities) breached":
              "entités qui se développent démesurément"}


def _french(exc: ET.ParseError) -> str:
    """Expat's message in French, with its position."""
    text = str(exc)
    message, _, where = text.partition(": line ")
    line, _, column = where.partition(", column ")
    said = _EXPAT.get(message, message)
    return f"{said}, ligne {line}, colonne {column}" if where else said


def record(workspace: Workspace, records: Records, numero: str, ack: Acknowledgement,
           envoi: dt.date | None, publication: dt.date | None, today: dt.date) -> Path:
    """Write the transmission facts into the délibération's record; return its path."""
    deliberation = records.deliberation(numero)
    if deliberation is None:
        raise CtgdocsError(f"Délibération n° {numero} inconnue.")
    try:
        ident = actes.parse(ack.id_actes)
    except ValueError as exc:
        raise CtgdocsError(f"{ack.field('IDActe', '--id')} : {exc}") from None
    epci = records.territoire.epci
    if (ident.numero, ident.nature, ident.siren) != (numero, deliberation.nature, epci.siren) \
            or (ack.numero and ack.numero != numero) \
            or ident.departement != epci.departement_siege:
        raise CtgdocsError(f"Cet accusé de réception ({ack.id_actes}) concerne un autre acte que "
                           f"la délibération {numero} de {epci.nom} : rien n'est enregistré.")
    known = deliberation.transmission
    if known and known.id_actes != ack.id_actes:
        raise CtgdocsError(f"La délibération {numero} a déjà l'identifiant {known.id_actes} ; "
                           f"l'accusé {ack.id_actes} ne peut pas le remplacer.")
    sent = envoi or (known.envoi if known else ack.reception)
    published = publication or (known.publication if known else None)
    seance = records.seance(deliberation.seance)
    assert seance is not None
    _check_dates(numero, seance.date, today, [
        (ack.field("DateReception", "--recu"), "la réception en préfecture", ack.reception),
        ("--envoye", "l'envoi", sent if envoi else None),
        ("--publie", "la publication", publication)])
    if sent > ack.reception:
        raise CtgdocsError(f"--envoye {sent:%d/%m/%Y} : l'envoi ne peut pas suivre la "
                           f"réception en préfecture ({ack.reception:%d/%m/%Y}) ; rien n'est "
                           "enregistré.")
    block = ["transmission:", f"  id_actes: {ack.id_actes}", f"  envoi: {sent.isoformat()}",
             f"  reception: {ack.reception.isoformat()}"]
    if published:
        block.append(f"  publication: {published.isoformat()}")
    doc, _ = records.origins[id(deliberation)]
    path = workspace.root / doc.file
    text = _replace_block(path.read_text(encoding="utf-8"), "transmission", block)
    try:
        Deliberation.model_validate(parse(text.encode("utf-8"), doc.file).data)
    except (YamlProblem, ValidationError) as exc:
        raise CtgdocsError(f"{doc.file} : la fiche ne serait plus valide ({exc}) ; rien n'est "
                           "enregistré.") from None
    atomic_write(path, text.encode("utf-8"))
    return path


def _check_dates(numero: str, seance: dt.date, today: dt.date,
                 facts: list[tuple[str, str, dt.date | None]]) -> None:
    """Each fact of the transmission falls between the séance and today."""
    for label, what, day in facts:
        if day is None:
            continue
        if day < seance:
            raise CtgdocsError(
                f"{label} {day:%d/%m/%Y} : {what} de la délibération {numero} ne peut pas "
                f"précéder sa séance du {seance:%d/%m/%Y} ; rien n'est enregistré (accusé d'un "
                "autre acte, ou date mal saisie ?).")
        if day > today:
            raise CtgdocsError(
                f"{label} {day:%d/%m/%Y} : {what} ne peut pas être postérieure à aujourd'hui "
                f"({today:%d/%m/%Y}) ; rien n'est enregistré.")


def _replace_block(text: str, key: str, block: list[str]) -> str:
    """Replace the top-level ``key:`` block of a YAML text (or append it), keeping the rest
    of the file, comments included, as it was."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        kept = [*lines, ""] if lines and lines[-1].strip() else lines
        return "\n".join([*kept, *block]) + "\n"
    end = start + 1
    while end < len(lines) and (not lines[end] or lines[end][0] in " \t#"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank line that separated the next key
    return "\n".join([*lines[:start], *block, *lines[end:]]) + "\n"


def stamped(workspace: Workspace, records: Records, numero: str, out_dir: Path) -> Path:
    """A copy of the signed act with the transmission mentions on its first page."""
    deliberation = records.deliberation(numero)
    if deliberation is None:
        raise CtgdocsError(f"Délibération n° {numero} inconnue.")
    sent = deliberation.transmission
    if sent is None:
        raise CtgdocsError(f"La transmission de la délibération {numero} n'est pas enregistrée "
                           "(ctgdocs ar) : rien à tamponner.")
    register = Register(workspace)
    found = register.documents().get(f"deliberation-{numero}")
    signature = found.last.signature if found else None
    if signature is None:
        raise CtgdocsError(f"L'acte signé de la délibération {numero} n'est pas dans le "
                           f"registre (ctgdocs sign {numero} --file …).")
    lines = [f"Envoyé en préfecture le {sent.envoi:%d/%m/%Y}",
             f"Reçu en préfecture le {sent.reception:%d/%m/%Y}"]
    if sent.publication:
        lines.append(f"Publié le {sent.publication:%d/%m/%Y}")
    lines.append(f"ID : {sent.id_actes}")
    data = stamp(register.store.get(signature["pdf"]), lines, size=9, color=(0.1, 0.2, 0.6))
    if workspace.settings.demonstration:  # every page ctgdocs produces there says so
        data = stamp_all(data, [EXAMPLE_MARK])
    prepare_dir(out_dir)
    target = output_path(out_dir, f"deliberation-{numero}-tamponnee.pdf", "la délibération")
    atomic_write(target, data)
    return target
