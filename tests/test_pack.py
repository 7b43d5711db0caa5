"""The préfecture pack, its pre-flight checks, the acknowledgement and the stamped copy."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from ctgdocs.cli import cli

from .conftest import REPO, docx_text
from .pdfcheck import page_words, pdftotext  # noqa: F401

SHARED = Path(__file__).parent / "data"  # copies of ../shared/data examples
EXAMPLE_XML = SHARED / "actes-enveloppe-22_112.example.xml"
EXAMPLE_AR = SHARED / "ar-actes-22_112.example.xml"
A = "{http://www.interieur.gouv.fr/ACTES#v1.1-20040216}"
NAMES = ["99_DE-038-200040111-20220629-22_112-DE-1-1_1.pdf"] + [
    f"99_AU-038-200040111-20220629-22_112-DE-1-1_{n}.pdf" for n in range(2, 6)]


@pytest.fixture
def full(tmp_path: Path) -> Path:
    """The reference workspace with its register and external pieces, not declared a
    demonstration (no ctgdocs.toml)."""
    root = tmp_path / "ws"
    for folder in ("records", "templates", "conventions", "pieces"):
        shutil.copytree(REPO / folder, root / folder)
    record = root / "records/deliberations/22_112.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("approuve: [plan-action]\n", (
        "  - {titre: Arbre à objectifs de la CTG, document: plan-action}\n"
        "  - {titre: Convention Territoriale Globale avec les CAF (exemple), "
        "fichier: pieces/ctg-caf-2022-2025.pdf}\n"
        "  - {titre: Convention de pilotage de la CTG (exemple), "
        "fichier: pieces/convention-pilotage-ctg.pdf}\n")), encoding="utf-8")
    return root


def untransmitted(root: Path, numero: str = "22_112") -> Path:
    """Forget the recorded acknowledgement of ``numero`` (as before its transmission)."""
    record = root / f"records/deliberations/{numero}.yaml"
    record.write_text(record.read_text(encoding="utf-8").split("\ntransmission:")[0] + "\n",
                      encoding="utf-8")
    return record


def demonstration(root: Path) -> None:
    shutil.copy(REPO / "ctgdocs.toml", root / "ctgdocs.toml")


def ctg(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "--date", "2022-07-06", *args],
                              catch_exceptions=False)


def test_draft_pack(soffice: str, full: Path) -> None:
    (full / "conventions").rename(full / "registre-ailleurs")  # nothing registered: a draft
    untransmitted(full)
    result = ctg(full, "pack", "22_112", "--draft")
    assert result.exit_code == 0, result.output
    folder = full / "out/pack-22_112-projet"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*NAMES, "pack-22_112-projet-dossier.pdf",
                            "pack-22_112-projet-enveloppe.xml", "pack-22_112-projet.json",
                            "pack-22_112-projet.zip"])
    meta = json.loads((folder / "pack-22_112-projet.json").read_text(encoding="utf-8"))
    assert meta["draft"] is True and meta["identifiant"] == "038-200040111-20220629-22_112-DE"
    assert [f["typologie"] for f in meta["fichiers"]] == ["99_DE"] + ["99_AU"] * 4
    dossier = PdfReader(folder / "pack-22_112-projet-dossier.pdf")
    assert all("PROJET – NON SIGNÉ" in page.extract_text() for page in dossier.pages)
    generated = [page for page, label in zip(dossier.pages, dossier.page_labels, strict=True)
                 if label.startswith(("B-", "1-", "2-"))]  # bordereau, act, Annexe 2
    assert not any("EXEMPLE" in page.extract_text() for page in generated)
    envelope = ET.parse(folder / "pack-22_112-projet-enveloppe.xml").getroot()
    assert envelope.get(f"{A}Date") == "2022-06-29"  # the séance, the decision's date
    assert [o.title for o in dossier.outline if not isinstance(o, list)] == [
        "Bordereau", "Délibération n° 22_112 – Convention Territoriale Globale Cœur de "
        "Chartreuse", "Annexe 2 – Liste des équipements et services soutenus par les collectivités "
        "locales",
        "Arbre à objectifs de la CTG", "Convention Territoriale Globale avec les CAF (exemple)",
        "Convention de pilotage de la CTG (exemple)"]
    assert dossier.page_labels[:3] == ["B-1", "1-1", "1-2"]
    bordereau = dossier.pages[0].extract_text()
    assert "BORDEREAU DE TRANSMISSION" in bordereau
    assert meta["fichiers"][0]["sha256"][:32] in bordereau.replace("\n", "")
    with zipfile.ZipFile(folder / "pack-22_112-projet.zip") as archive:
        assert sorted(archive.namelist()) == sorted(n for n in names if not n.endswith(".zip"))


@pytest.mark.usefixtures("pdftotext")
def test_signed_pack_keeps_the_signed_act_untouched(soffice: str, full: Path) -> None:
    """A demonstration workspace: the pack is made and every page ctgdocs produces is
    stamped EXEMPLE, where it covers no text; the signed act and the external pieces are
    sent as they are, only their copies in the dossier are stamped."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from ctgdocs.register import Register
    from ctgdocs.workspace import Workspace

    demonstration(full)
    untransmitted(full)
    result = ctg(full, "pack", "22_112")
    assert result.exit_code == 0, result.output
    folder = full / "out/pack-22_112"
    act = (folder / NAMES[0]).read_bytes()
    register = Register(Workspace(full))
    signature = register.document("22_112").last.signature
    assert signature is not None
    assert act == register.store.get(signature["pdf"])
    embedded = PdfFileReader(io.BytesIO(act)).embedded_signatures[0]
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[]))
    assert status.intact and status.valid
    assert (folder / NAMES[3]).read_bytes() == (full / "pieces/ctg-caf-2022-2025.pdf").read_bytes()
    for generated in NAMES[1:3]:
        for words in page_words((folder / generated).read_bytes()):
            assert [w.text for w in words if w.y1 <= 40] == ["EXEMPLE"], generated
    dossier_bytes = (folder / "pack-22_112-dossier.pdf").read_bytes()
    dossier = PdfReader(io.BytesIO(dossier_bytes))
    assert not any("PROJET" in page.extract_text() for page in dossier.pages[1:])
    assert "seuls à faire foi" in dossier.pages[0].extract_text()
    for number, words in enumerate(page_words(dossier_bytes), 1):
        [mark] = [w for w in words if w.text == "EXEMPLE" and abs(w.y1 - w.y0 - 12.95) < 0.2]
        assert not [w for w in words if w is not mark and w.overlaps(mark)], number
    head = register.head()  # the journal anchored outside it
    assert head is not None
    meta = json.loads((folder / "pack-22_112.json").read_text(encoding="utf-8"))
    assert meta["journal_documents"] == {"entrees": head.entrees, "empreinte": head.empreinte}
    assert meta["date_decision"] == "2022-06-29" and meta["demonstration"] is True
    assert head.sentence() in dossier.pages[0].extract_text().replace("\n", " ")

    ours = ET.parse(folder / "pack-22_112-enveloppe.xml").getroot()
    theirs = ET.parse(EXAMPLE_XML).getroot()
    assert _shape(ours) == _shape(theirs)
    for element in (f"{A}CodeMatiere1", f"{A}CodeMatiere2"):
        assert ours.find(element).attrib == theirs.find(element).attrib  # type: ignore[union-attr]
    # the example was made from the platform's record, which typed 5 July for the séance
    assert ours.attrib == theirs.attrib | {f"{A}Date": "2022-06-29"}
    assert ours.findtext(f"{A}Objet").upper() == theirs.findtext(f"{A}Objet")  # type: ignore[union-attr]
    assert ours.findtext(f"{A}Document/{A}NomFichier") == NAMES[0]
    assert [e.text for e in ours.iter(f"{A}NomFichier")][1:3] == \
        [(e.text or "").replace("20220705", "20220629") for e in theirs.iter(f"{A}NomFichier")][1:]
    assert ours.find(f"{A}Annexes").get(f"{A}Nombre") == "4"  # type: ignore[union-attr]


def _shape(element: ET.Element) -> list[str]:
    """Element names and attribute names, children deduplicated: the envelope's structure."""
    children: list[str] = []
    for child in element:
        for line in _shape(child):
            if line not in children:
                children.append(line)
    return [f"{element.tag}{sorted(element.attrib)}", *["  " + c for c in children]]


def test_preflight_refusals_leave_nothing(full: Path) -> None:
    assert ctg(full, "pack", "22_999").stderr == (
        "Erreur : Délibération n° 22_999 inconnue. Délibérations connues : 22_112, 22_113, "
        "24_031\n")
    assert ctg(full, "pack", "22_112", "--draft").stderr == (
        "Erreur : La délibération 22_112 a déjà été transmise en préfecture (accusé de "
        "réception 038-200040111-20220705-22_112-DE, reçue le 08/07/2022, publiée le "
        "11/07/2022 ; elle est exécutoire depuis le 11/07/2022). Son numéro interne 22_112 ne "
        "peut pas être envoyé une seconde fois : @ctes refuse un numéro déjà transmis. Pour "
        "modifier l'acte, adoptez une nouvelle délibération, sous un autre numéro.\n")
    untransmitted(full)
    shutil.rmtree(full / "conventions")
    assert ctg(full, "pack", "22_112").stderr.startswith(
        "Erreur : L'acte 22_112 n'est pas signé dans le registre")
    assert ctg(full, "--date", "2022-06-28", "pack", "22_112", "--draft").stderr == (
        "Erreur : La délibération 22_112 est datée du 29/06/2022, après aujourd'hui "
        "(28/06/2022) : @ctes la refuserait.\n")
    (full / "pieces/convention-pilotage-ctg.pdf").write_bytes(
        (full / "templates/annexe2.docx").read_bytes())
    assert ctg(full, "pack", "22_112", "--draft").stderr == (
        "Erreur : Annexe externe pieces/convention-pilotage-ctg.pdf : seuls les PDF, PNG et "
        "JPEG sont acceptés par @ctes (document Word : enregistrez-le en PDF).\n")
    (full / "pieces/convention-pilotage-ctg.pdf").unlink()
    assert ctg(full, "pack", "22_112", "--draft").stderr == (
        "Erreur : pieces/convention-pilotage-ctg.pdf : fichier introuvable\n")
    assert not (full / "out").exists() or not any((full / "out").iterdir())


def test_size_limit(soffice: str, full: Path) -> None:
    demonstration(full)
    untransmitted(full)
    result = ctg(full, "pack", "22_112", "--max-mo", "0.05")
    assert result.exit_code == 1
    assert result.stderr.startswith("Erreur : Le dossier pèse ")
    assert "au-delà de la limite de 0.05 Mo de la plateforme" in result.stderr
    assert not (full / "out").exists()


def test_acknowledgement_round_trip(soffice: str, full: Path, tmp_path: Path) -> None:
    record = full / "records/deliberations/22_112.yaml"
    record.write_text(record.read_text(encoding="utf-8").split("\ntransmission:")[0] + "\n",
                      encoding="utf-8")
    assert ctg(full, "stamp", "22_112").stderr.startswith(
        "Erreur : La transmission de la délibération 22_112 n'est pas enregistrée")
    other = tmp_path / "ar-autre.xml"
    other.write_bytes(EXAMPLE_AR.read_bytes().replace(b"22_112", b"22_113"))
    refused = ctg(full, "ar", "22_112", "--file", str(other))
    assert refused.stderr == (
        "Erreur : Cet accusé de réception (038-200040111-20220705-22_113-DE) concerne un autre "
        "acte que la délibération 22_112 de Communauté de communes Cœur de Chartreuse : rien "
        "n'est enregistré.\n")
    result = ctg(full, "--date", "2022-07-11", "ar", "22_112", "--file", str(EXAMPLE_AR),
                 "--publie", "2022-07-11")
    assert result.stdout == ("records/deliberations/22_112.yaml : transmission enregistrée "
                             "(038-200040111-20220705-22_112-DE, reçue le 08/07/2022).\n")
    text = record.read_text(encoding="utf-8")
    assert text.endswith("transmission:\n  id_actes: 038-200040111-20220705-22_112-DE\n"
                         "  envoi: 2022-07-08\n  reception: 2022-07-08\n"
                         "  publication: 2022-07-11\n")
    assert text.startswith("# Délibération 22_112 du 29 juin 2022")  # comments kept
    extract = ctg(full, "--date", "2022-07-12", "deliberation", "22_112", "--certifie-le",
                  "2022-07-12", "--no-pdf", "--out", str(tmp_path))
    assert extract.exit_code == 0
    assert "ID : 038-200040111-20220705-22_112-DE" in docx_text(
        tmp_path / "deliberation-22_112.docx")
    stamped = ctg(full, "stamp", "22_112", "--out", str(tmp_path))
    assert stamped.exit_code == 0, stamped.output
    first = PdfReader(tmp_path / "deliberation-22_112-tamponnee.pdf").pages[0].extract_text()
    for line in ("Envoyé en préfecture le 08/07/2022", "Reçu en préfecture le 08/07/2022",
                 "Publié le 11/07/2022", "ID : 038-200040111-20220705-22_112-DE"):
        assert line in first
    status = CliRunner().invoke(cli, ["--root", str(full), "--date", "2022-08-01", "status"])
    assert "deliberation-22_112" in status.stdout
    assert "exécutoire  1 version   v1, depuis le 11/07/2022" in status.stdout


def test_registered_act_altered_or_missing(full: Path) -> None:
    from ctgdocs.register import Register
    from ctgdocs.workspace import Workspace

    untransmitted(full)
    register = Register(Workspace(full))
    signature = register.document("22_112").last.signature
    assert signature is not None
    blob = register.store.blob_path(signature["pdf"])
    blob.write_bytes(blob.read_bytes()[:-10])
    result = ctg(full, "pack", "22_112")
    assert result.stderr.startswith(f"Erreur : Objet {signature['pdf'][:12]}… altéré")
    blob.unlink()
    assert ctg(full, "pack", "22_112").stderr.startswith(
        f"Erreur : Objet {signature['pdf'][:12]}… absent du registre")
    assert not (full / "out").exists()


def test_transmitted_without_publication_says_how_to_record_it(full: Path) -> None:
    record = untransmitted(full)
    record.write_text(record.read_text(encoding="utf-8") + (
        "transmission:\n  id_actes: 038-200040111-20220629-22_112-DE\n"
        "  envoi: 2022-07-08\n  reception: 2022-07-08\n"), encoding="utf-8")
    assert ctg(full, "pack", "22_112").stderr == (
        "Erreur : La délibération 22_112 a déjà été transmise en préfecture (accusé de "
        "réception 038-200040111-20220629-22_112-DE, reçue le 08/07/2022 ; elle sera "
        "exécutoire à sa publication (à enregistrer : ctgdocs ar 22_112 --id "
        "038-200040111-20220629-22_112-DE --recu 2022-07-08 --publie DATE)). Son numéro "
        "interne 22_112 ne peut pas être envoyé une seconde fois : @ctes refuse un numéro déjà "
        "transmis. Pour modifier l'acte, adoptez une nouvelle délibération, sous un autre "
        "numéro.\n")


def test_illustrative_values_are_refused_outside_a_demonstration(full: Path) -> None:
    """Not a demonstration workspace: what the pack sends and the annexes it carries must
    be facts; a placeholder annex (marked exemple) is refused, named by file:line: field."""
    record = untransmitted(full)
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("exemple: [classification]",
                                   "exemple: [classification, annexes.3]"), encoding="utf-8")
    result = ctg(full, "pack", "22_112")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("Erreur : La délibération 22_112 ne peut pas être transmise : elle "
                        "utilise des valeurs d'exemple, qui ne sont pas des faits vérifiés :")
    assert "  records/deliberations/22_112.yaml:8: classification (envoyé dans les métadonnées " \
        "@ctes)" in lines
    at = next(n for n, line in enumerate(record.read_text(encoding="utf-8").splitlines(), 1)
              if "convention-pilotage-ctg.pdf" in line)
    assert "  records/territoire.yaml:28: epci.classification_version (envoyé dans les " \
        "métadonnées @ctes)" in lines
    assert ("  Convention de pilotage de la CTG (exemple) : annexe marquée exemple, pièce "
            f"d'attente et non l'annexe votée (records/deliberations/22_112.yaml:{at}: "
            f"annexes[3].fichier, records/deliberations/22_112.yaml:{at}: annexes[3].titre)") \
        in lines
    assert len(lines) == 5
    assert lines[-1] == ("Remplacez-les par les valeurs vérifiées (et retirez-les de "
                         "« exemple: »), ou préparez un projet avec --draft.")
    assert not (full / "out").exists()


def test_issued_versions_are_checked_for_illustrative_values(full: Path) -> None:
    """The annexes issued before the register recorded their ``exemples`` are read for
    highlighted passages; those issued after, by their recorded list."""
    from ctgdocs.exemples import highlighted_texts
    from ctgdocs.marking import NOTICE, SHADING

    assert highlighted_texts(b"pas un docx") == []
    buffer = io.BytesIO()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    shaded = f'<w:rPr><w:shd w:val="clear" w:color="auto" w:fill="{SHADING}"/></w:rPr>'
    body = (f'<w:document xmlns:w="{w}"><w:body>'
            f"<w:p><w:r>{shaded}<w:t>{NOTICE}</w:t></w:r></w:p>"
            f"<w:p><w:r><w:t>Absents : </w:t></w:r><w:r>{shaded}<w:t>Gérard </w:t></w:r>"
            f"<w:r>{shaded}<w:t>PERRET</w:t></w:r><w:r><w:t>, </w:t></w:r>"
            f"<w:r>{shaded}<w:t>Sylvie DURAND</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", body)
    assert highlighted_texts(buffer.getvalue()) == ["Gérard PERRET", "Sylvie DURAND"]


def test_pack_json_and_leftovers(soffice: str, full: Path) -> None:
    demonstration(full)
    untransmitted(full)
    out = full / "out"
    out.mkdir()
    killed = out / ".pack-22_112.999999999.tmp"  # a pack killed earlier
    killed.mkdir()
    (killed / "moitie.pdf").write_bytes(b"%PDF-")
    result = ctg(full, "pack", "22_112", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["act_id"] == "038-200040111-20220629-22_112-DE"
    assert (report["number"], report["decision_date"]) == ("22_112", "2022-06-29")
    assert report["folder"] == "out/pack-22_112"
    assert [f["name"] for f in report["files"]] == [
        *NAMES, "pack-22_112.json", "pack-22_112-enveloppe.xml", "pack-22_112-dossier.pdf",
        "pack-22_112.zip"]
    for entry in report["files"]:
        data = (full / entry["path"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert report["files"][0]["role"] == "acte" and report["files"][0]["signed"] is True
    assert sorted(p.name for p in out.iterdir()) == ["pack-22_112"]  # nothing hidden left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out / "pack-22_112").stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((out / "pack-22_112" / NAMES[0]).stat().st_mode) == 0o666 & ~umask


def test_acknowledgement_dates_must_be_possible(full: Path, tmp_path: Path) -> None:
    """Reception before the séance (an AR of 2001 for an act of 2022) or after today,
    publication before the séance, sending after reception: refused, naming the field."""
    record = untransmitted(full)
    before = record.read_text(encoding="utf-8")
    old = tmp_path / "ar-2001.xml"
    old.write_bytes(EXAMPLE_AR.read_bytes().replace(b'DateReception="2022-07-08"',
                                                    b'DateReception="2001-07-08"'))
    later = ["--date", "2022-07-20"]
    assert ctg(full, *later, "ar", "22_112", "--file", str(old)).stderr == (
        "Erreur : ar-2001.xml : DateReception 08/07/2001 : la réception en préfecture de la "
        "délibération 22_112 ne peut pas précéder sa séance du 29/06/2022 ; rien n'est "
        "enregistré (accusé d'un autre acte, ou date mal saisie ?).\n")
    assert ctg(full, "ar", "22_112", "--file", str(EXAMPLE_AR)).stderr == (
        "Erreur : ar-actes-22_112.example.xml : DateReception 08/07/2022 : la réception en "
        "préfecture ne peut pas être postérieure à aujourd'hui (06/07/2022) ; rien n'est "
        "enregistré.\n")
    assert ctg(full, *later, "ar", "22_112", "--id", "038-200040111-20220705-22_112-DE",
               "--recu", "2022-06-01").stderr.startswith(
        "Erreur : --recu 01/06/2022 : la réception en préfecture de la délibération 22_112 ne "
        "peut pas précéder sa séance du 29/06/2022")
    assert ctg(full, *later, "ar", "22_112", "--file", str(EXAMPLE_AR), "--publie",
               "2022-06-20").stderr.startswith(
        "Erreur : --publie 20/06/2022 : la publication de la délibération 22_112 ne peut pas "
        "précéder sa séance du 29/06/2022")
    assert ctg(full, *later, "ar", "22_112", "--file", str(EXAMPLE_AR), "--publie",
               "2022-07-21").stderr.startswith(
        "Erreur : --publie 21/07/2022 : la publication ne peut pas être postérieure à "
        "aujourd'hui (20/07/2022)")
    assert ctg(full, *later, "ar", "22_112", "--file", str(EXAMPLE_AR), "--envoye",
               "2022-07-09").stderr == (
        "Erreur : --envoye 09/07/2022 : l'envoi ne peut pas suivre la réception en préfecture "
        "(08/07/2022) ; rien n'est enregistré.\n")
    assert record.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("content", "said"), [
    (b'<?xml version="1.0" encoding="x-inconnu"?><a/>',
     "ar.xml : encodage « x-inconnu » inconnu dans la déclaration XML ; un accusé de "
     "réception @ctes est en UTF-8 ou en ISO-8859-1 : téléchargez-le à nouveau depuis la "
     "plateforme."),
    (b"<actes:ARActe", "ar.xml n'est pas un fichier XML lisible (balise non fermée, ligne 1, "
                       "colonne 0)."),
    (b"", "ar.xml n'est pas un fichier XML lisible (document vide ou tronqué, ligne 1, "
          "colonne 0)."),
    (b'<?xml version="1.0" encoding="UTF-16"?><a/>',
     "ar.xml n'est pas un fichier XML lisible (l'encodage déclaré ne correspond pas au "
     "contenu, ligne 1, colonne 30)."),
    (b"<a/>", "ar.xml n'est pas un accusé de réception @ctes (actes:ARActe)."),
    (b'<actes:ARActe xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"/>',
     "ar.xml : IDActe et DateReception manquant dans actes:ARActe."),
    (b'<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
     b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
     b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
     b']><a>&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;</a>',
     "ar.xml n'est pas un fichier XML lisible ("),
])
def test_unreadable_acknowledgements(full: Path, tmp_path: Path, content: bytes,
                                     said: str) -> None:
    untransmitted(full)
    ar = tmp_path / "ar.xml"
    ar.write_bytes(content)
    result = ctg(full, "--date", "2022-07-20", "ar", "22_112", "--file", str(ar))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Erreur : {said}")


def test_acknowledgement_from_a_special_file(full: Path) -> None:
    result = ctg(full, "--date", "2022-07-20", "ar", "22_112", "--file", "/dev/zero")
    assert result.stderr == ("Erreur : /dev/zero : c'est un périphérique, pas un fichier "
                             "ordinaire ; indiquez un fichier enregistré sur le disque\n")


@pytest.mark.usefixtures("pdftotext")
def test_stamped_copy_in_a_demonstration_says_exemple_on_every_page(full: Path,
                                                                     tmp_path: Path) -> None:
    from ctgdocs.register import Register
    from ctgdocs.workspace import Workspace

    demonstration(full)
    result = ctg(full, "--date", "2022-08-01", "stamp", "22_112", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    copy = (tmp_path / "deliberation-22_112-tamponnee.pdf").read_bytes()
    signature = Register(Workspace(full)).document("22_112").last.signature
    assert signature is not None
    original = Register(Workspace(full)).store.get(signature["pdf"])
    pages = page_words(copy)
    assert len(pages) == len(page_words(original))
    for words in pages:
        [mark] = [w for w in words if w.text == "EXEMPLE" and abs(w.y1 - w.y0 - 12.95) < 0.2]
        assert not [w for w in words if w is not mark and w.overlaps(mark)]
    first = " ".join(w.text for w in pages[0])
    assert "Reçu en préfecture le 08/07/2022" in first
    mentions = {"Envoyé", "Reçu", "Publié", "en", "préfecture", "le", "08/07/2022",
                "11/07/2022", "ID", ":", "038-200040111-20220705-22_112-DE"}
    stamp = [w for w in pages[0] if w.text in mentions and w.y1 <= 70]
    assert len(stamp) == 16
    assert not [(s.text, w.text) for s in stamp for w in pages[0]
                if w not in stamp and s.overlaps(w)]
