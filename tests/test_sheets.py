"""Spreadsheets in and out: round trips, typed cells, what an import changes, what it refuses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree
from openpyxl import Workbook, load_workbook

from ctgdocs.cli import cli
from ctgdocs.yamlfile import parse

from .conftest import REPO

ROUND_TRIP = ("services", "elus", "communes", "gestionnaires", "conventions")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the reference workspace with its register (approvals are read there)."""
    copy = tmp_path / "ws"
    for folder in ("records", "templates", "conventions"):
        shutil.copytree(REPO / folder, copy / folder)
    shutil.copy(REPO / "ctgdocs.toml", copy / "ctgdocs.toml")
    return copy


def ctgdocs(root: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "--date", "2026-11-28", *args],
                              input=input)


def records_text(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((root / "records").rglob("*.yaml"))}


def records_data(root: Path) -> dict[str, object]:
    return {name: parse(text.encode("utf-8"), name).data
            for name, text in records_text(root).items()}


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig",
              separator: str = ";") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=separator).writerows(rows)
    return path


# Round trips


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".csv"])
def test_export_then_import_into_a_copy_gives_identical_records(root: Path, tmp_path: Path,
                                                                suffix: str) -> None:
    before = records_text(root)
    for kind in ROUND_TRIP:
        sheet = tmp_path / f"{kind}{suffix}"
        exported = ctgdocs(REPO, "export", kind, str(sheet))
        assert exported.exit_code == 0, exported.output
        imported = ctgdocs(root, "import", kind, str(sheet), "--yes")
        assert imported.exit_code == 0, imported.output
        assert imported.stderr.startswith("Aucune modification : les fiches correspondent "
                                          "déjà au tableur"), imported.output
    assert records_text(root) == before


def test_a_copy_whose_records_drifted_is_put_back_by_the_reference_sheets(
        root: Path, tmp_path: Path) -> None:
    reference = records_data(REPO)
    communes = root / "records/communes.yaml"
    communes.write_text(communes.read_text(encoding="utf-8").replace(
        "population: 1760", "population: 17600").replace("nom: BOUVIER", "nom: BOUVIÉ"),
        encoding="utf-8")
    elus = root / "records/elus.yaml"
    elus.write_text(elus.read_text(encoding="utf-8").replace(
        'nom: "BUTTARD", commune: 73090', 'nom: "BUTARD", commune: 73107'), encoding="utf-8")
    paj = root / "records/gestionnaires/paj.yaml"
    paj.write_text(paj.read_text(encoding="utf-8").replace("age_max: 17", "age_max: 16"),
                   encoding="utf-8")
    said = {}
    for kind in ("communes", "elus", "services"):
        sheet = tmp_path / f"{kind}.xlsx"
        assert ctgdocs(REPO, "export", kind, str(sheet)).exit_code == 0
        result = ctgdocs(root, "import", kind, str(sheet), "--yes")
        assert result.exit_code == 0, result.output
        said[kind] = result.stdout
    assert records_data(root) == reference
    assert said == {
        "communes": "records/communes.yaml (modifié) :\n"
                    "  38155 (Entre-deux-Guiers) : population : 17600 → 1760\n"
                    "  38236 (Miribel-les-Échelles) : maire nom : BOUVIÉ → BOUVIER\n",
        "elus": "records/elus.yaml (modifié) :\n"
                "  buttard (BUTTARD) : nom : BUTARD → BUTTARD\n"
                "  buttard (BUTTARD) : commune : 73107 → 73090\n",
        "services": "records/gestionnaires/paj.yaml (modifié) :\n"
                    "  paj-al-ados-saint-laurent : âge maximum : 16 → 17\n"
                    "  paj-al-ados-les-echelles : âge maximum : 16 → 17\n"}


def calc(soffice: str) -> str:
    """LibreOffice with Calc (scripts/setup.sh test installs it), required in CI."""
    if not (Path(soffice).resolve().parent / "libsclo.so").exists() and \
            not list(Path(soffice).resolve().parent.glob("*sclo*")):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice Calc est requis en CI : libreoffice-calc-nogui")
        pytest.skip("LibreOffice Calc absent")
    return soffice


def test_calc_and_excel_files_as_libreoffice_writes_them_import_unchanged(
        root: Path, tmp_path: Path, soffice: str) -> None:
    """Files saved by a real spreadsheet program: repeated rows and columns, styles."""
    soffice = calc(soffice)
    sheet = tmp_path / "services.xlsx"
    assert ctgdocs(REPO, "export", "services", str(sheet)).exit_code == 0
    before = records_text(root)
    for target in ("ods", "xlsx:Calc MS Excel 2007 XML",
                   'csv:Text - txt - csv (StarCalc):59,34,76,1'):
        out = tmp_path / target.split(":")[0]
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", target, "--outdir", str(out), str(sheet)],
                       check=True, capture_output=True, timeout=120)
        (converted,) = out.iterdir()
        result = ctgdocs(root, "import", "services", str(converted), "--yes")
        assert result.exit_code == 0, result.output
        assert "Aucune modification" in result.stderr, (target, result.output)
    assert records_text(root) == before


# What an export writes


def test_xlsx_cells_are_numbers_and_dates_with_codes_as_text(tmp_path: Path) -> None:
    path = tmp_path / "conventions.xlsx"
    result = ctgdocs(REPO, "export", "conventions", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}\n"
    sheet = load_workbook(path).active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["identifiant", "financeur", "gestionnaire", "services", "début",
                           "fin"]
    assert headers[-5:] == ["montant 2022", "montant 2023", "montant 2024", "montant 2025",
                            "exemple"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    cspg = rows["CFF-2022-CCCC-CSPG"]
    by_header = dict(zip(headers, cspg, strict=True))
    assert by_header["début"].value == dt.datetime(2022, 1, 1)
    assert by_header["début"].number_format == "DD/MM/YYYY"
    assert by_header["montant 2023"].value == 53000
    assert by_header["versement 1 part"].value == 70
    assert by_header["versement 1 échéance"].value == "31/03"
    assert by_header["versement 1 échéance"].number_format == "@"
    assert by_header["délibération numéro"].value == "22_113"
    assert by_header["exemple"].value == (
        "délibération numéro ; premier versement ; versement 1 part ; versement 1 échéance ; "
        "versement 1 condition ; versement 2 part ; versement 2 échéance ; versement 2 "
        "condition ; montant 2022 ; montant 2023 ; montant 2024 ; montant 2025")
    edg = dict(zip(headers, rows["CFF-2022-EDG-AFR"], strict=True))
    assert edg["financeur"].value == "38155"
    assert edg["financeur"].number_format == "@"


def test_ods_cells_are_typed(tmp_path: Path) -> None:
    path = tmp_path / "elus.ods"
    assert ctgdocs(REPO, "export", "elus", str(path)).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        root = etree.fromstring(archive.read("content.xml"))
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    first = root.findall(f".//{{{table}}}table-row")[1]
    cells = first.findall(f"{{{table}}}table-cell")
    assert cells[8].get(f"{{{office}}}value-type") == "date"
    assert cells[8].get(f"{{{office}}}date-value") == "2020-07-15"
    assert cells[5].get(f"{{{office}}}value-type") == "string"  # the commune's INSEE code
    assert cells[-1].get(f"{{{office}}}value-type") == "float"  # ordre


def test_csv_as_french_excel_reads_it_or_with_commas_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "montants.csv"
    assert ctgdocs(REPO, "export", "montants", str(path)).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfconvention;financeur;financeur nom;gestionnaire;")
    assert "CFF-2022-CCCC-CSPG;cccc;Communauté de communes Cœur de Chartreuse;cspg;Centre " \
           "Social des Pays du Guiers;2023;53000;montant;2\r\n" in raw.decode("utf-8-sig")
    other = tmp_path / "echeancier.csv"
    result = ctgdocs(REPO, "export", "echeancier", str(other), "--separateur", ",",
                     "--encodage", "windows-1252")
    assert result.exit_code == 0, result.output
    text = other.read_bytes().decode("cp1252")
    assert text.startswith("convention,financeur,financeur nom,gestionnaire,gestionnaire nom,"
                           "année,versement,échéance,part,montant,condition,exemple,ordre\r\n")
    assert "CFF-2022-CCCC-CSPG,cccc,Communauté de communes Cœur de Chartreuse,cspg,Centre " \
           "Social des Pays du Guiers,2022,1,31/08/2022,70,36400,à titre d'avance," \
           "échéance ; part ; montant,1\r\n" in text


def test_schedule_rows_follow_the_convention(tmp_path: Path) -> None:
    path = tmp_path / "echeancier.xlsx"
    assert ctgdocs(REPO, "export", "echeancier", str(path)).exit_code == 0
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)
            if r[0].value == "CFF-2022-CCCC-CSPG"]
    assert [(r[5], r[6], r[7], r[8], r[9]) for r in rows[:3]] == [
        (2022, 1, dt.datetime(2022, 8, 31), 70, 36400),
        (2022, 2, dt.datetime(2022, 9, 30), 30, 15600),
        (2023, 1, dt.datetime(2023, 3, 31), 70, 37100)]
    assert sum(Decimal(str(r[9])) for r in rows) == 52000 + 53000 + 54000 + 55000


def test_export_refuses_a_file_among_the_records(root: Path) -> None:
    result = ctgdocs(root, "export", "communes", str(root / "records/communes.csv"))
    assert result.exit_code == 1
    assert "ce fichier serait dans records/, que ctgdocs lit" in result.stderr
    assert not (root / "records/communes.csv").exists()


# What an import changes


def test_import_shows_the_changes_asks_then_writes_only_what_changed(
        root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "gestionnaires.csv"
    assert ctgdocs(root, "export", "gestionnaires", str(sheet)).exit_code == 0
    rows = csv_rows(sheet)
    headers = rows[0]
    cspg = next(r for r in rows if r[0] == "cspg")
    cspg[headers.index("représentant nom")] = "MARTIN"
    cspg[headers.index("exemple")] = "SIRET ; représentant civilité ; représentant prénom ; " \
                                     "représentant qualité"
    rows.append(["lutins", "Les Lutins & Cie", "", "association", "", "77941000000011",
                 "3 chemin du Moulin ; BP 7", "38380", "Saint-Laurent-du-Pont", "M.", "Paul",
                 "ROUQUET", "Président", "SIRET"])
    write_csv(sheet, rows)
    before = (root / "records/gestionnaires/cspg.yaml").read_text(encoding="utf-8")
    refused = ctgdocs(root, "import", "gestionnaires", str(sheet), input="n\n")
    assert refused.exit_code == 1
    assert refused.stdout == (
        "records/gestionnaires/cspg.yaml (modifié) :\n"
        "  cspg (Centre Social des Pays du Guiers) : représentant nom : GARNIER → MARTIN\n"
        "  cspg (Centre Social des Pays du Guiers) : plus d'exemple pour représentant nom\n"
        "records/gestionnaires/lutins.yaml (nouveau fichier) :\n"
        "  nouveau fichier : gestionnaire lutins (Les Lutins & Cie)\n")
    assert "Écrire 2 fichiers ? [y/N]" in refused.stderr
    assert "Import annulé : rien n'a été écrit (--yes écrit sans demander)." in refused.stderr
    unanswered = ctgdocs(root, "import", "gestionnaires", str(sheet))
    assert unanswered.exit_code == 1
    assert unanswered.stderr.endswith("Erreur : Import annulé : rien n'a été écrit (--yes "
                                      "écrit sans demander).\n")
    assert not (root / "records/gestionnaires/lutins.yaml").exists()
    result = ctgdocs(root, "import", "gestionnaires", str(sheet), "--yes")
    assert result.exit_code == 0, result.output
    after = (root / "records/gestionnaires/cspg.yaml").read_text(encoding="utf-8")
    assert after == before.replace("nom: GARNIER", "nom: MARTIN").replace(
        "exemple: [siret, representant, services.cspg-laep.age_min, "
        "services.cspg-laep.age_max]",
        "exemple: [siret, services.cspg-laep.age_min, services.cspg-laep.age_max, "
        "representant.civilite, representant.prenom, representant.qualite]")
    assert (root / "records/gestionnaires/lutins.yaml").read_text(encoding="utf-8") == (
        "# Gestionnaire créé par ctgdocs import gestionnaires.\n"
        "id: lutins\nnom: Les Lutins & Cie\nforme: association\nsiret: 77941000000011\n"
        "adresse:\n  lignes: [3 chemin du Moulin, BP 7]\n  code_postal: 38380\n"
        "  commune: Saint-Laurent-du-Pont\n"
        "representant:\n  civilite: M.\n  prenom: Paul\n  nom: ROUQUET\n"
        "  qualite: Président\nexemple: [siret]\n")
    assert ctgdocs(root, "check").exit_code == 0


def test_new_services_and_subsidies_go_to_their_gestionnaire(root: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Services"
    sheet.append(["gestionnaire", "identifiant", "rubrique", "libellé", "âge minimum",
                  "âge maximum", "ouverture", "soutiens", "implantation 1 nom",
                  "implantation 1 adresse", "implantation 1 code postal",
                  "implantation 1 commune", "ordre"])
    sheet.append(["paj", "paj-ete", "ALSH", "Séjours d'été", 11, 17,
                  "Juillet (Matin, Après-midi) ; Août", "cccc ; 73105", "FORUM",
                  "47, rue Jean Jacques Rousseau", "73360", "Les Échelles", 9])
    path = tmp_path / "services.xlsx"
    book.save(path)
    result = ctgdocs(root, "import", "services", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("records/gestionnaires/paj.yaml (modifié) :\n"
                             "  ajout : service paj-ete\n")
    text = (root / "records/gestionnaires/paj.yaml").read_text(encoding="utf-8")
    assert (
        "        adresse: {lignes: [\"47, rue Jean Jacques Rousseau\"], code_postal: 73360, "
        "commune: Les Échelles}\n\n"
        "  - id: paj-ete\n    rubrique: ALSH\n    libelle: Séjours d'été\n    age_min: 11\n"
        "    age_max: 17\n    ouverture:\n      - periode: Juillet\n"
        "        moments: [Matin, Après-midi]\n      - Août\n    soutiens: [cccc, 73105]\n"
        "    implantations:\n      - nom: FORUM\n        adresse:\n"
        "          lignes: [\"47, rue Jean Jacques Rousseau\"]\n          code_postal: 73360\n"
        "          commune: Les Échelles\n"
        "\n# Aide ponctuelle hors convention (sous le seuil de 23 000 € par an).\n") in text
    subsidies = write_csv(tmp_path / "subventions.csv", [
        ["gestionnaire", "financeur", "année", "montant", "objet"],
        ["paj", "73105", "2023", "4000", "Projet « Forum des jeunes » aux Échelles"],
        ["paj", "73105", "2024", "4 500,50", "Forum des jeunes 2024"]])
    result = ctgdocs(root, "import", "subventions", str(subsidies), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("records/gestionnaires/paj.yaml (modifié) :\n"
                             "  ajout : subvention hors convention 73105 2024 « Forum des "
                             "jeunes 2024 »\n")
    assert (root / "records/gestionnaires/paj.yaml").read_text(encoding="utf-8").endswith(
        "    objet: Projet « Forum des jeunes » aux Échelles\n"
        "  - financeur: 73105\n    annee: 2024\n    montant: 4500.50\n"
        "    objet: Forum des jeunes 2024\n")
    assert ctgdocs(root, "check").exit_code == 0


def test_an_approved_convention_keeps_its_amounts_an_avenant_changes_them(
        root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "conventions.csv"
    assert ctgdocs(root, "export", "conventions", str(sheet)).exit_code == 0
    rows = csv_rows(sheet)
    headers = rows[0]
    cspg = next(r for r in rows if r[0] == "CFF-2022-CCCC-CSPG")
    cspg[headers.index("montant 2024")] = "60000"
    write_csv(sheet, rows)
    before = records_text(root)
    result = ctgdocs(root, "import", "conventions", str(sheet), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n{sheet}, ligne 3 : "
        "la convention CFF-2022-CCCC-CSPG a été approuvée le 29/06/2022 (délibération 22_113)"
        " : ses montants ne changent que par avenant ; laissez ces colonnes telles quelles et "
        "rédigez l'avenant : ctgdocs avenant CFF-2022-CCCC-CSPG -m \"…\" --deliberation "
        "NUMERO\n")
    assert records_text(root) == before
    cspg[headers.index("versement 2 échéance")] = "31/10"
    write_csv(sheet, rows)
    schedule = ctgdocs(root, "import", "conventions", str(sheet), "--yes")
    assert schedule.exit_code == 1
    assert "(délibération 22_113) : ses montants et son échéancier (versements) ne changent " \
           "que par avenant" in schedule.stderr
    assert records_text(root) == before
    cspg[headers.index("montant 2024")] = "54000,00"
    cspg[headers.index("versement 2 échéance")] = "30/09/2026"  # as a spreadsheet turns it
    cspg[headers.index("délibération objet")] = "Conventions 2022-2025"
    write_csv(sheet, rows)
    allowed = ctgdocs(root, "import", "conventions", str(sheet), "--yes")
    assert allowed.exit_code == 0, allowed.output
    assert "délibération objet : Conventions de fonctionnement" in allowed.stdout


# What an import refuses, with its place; nothing written


def refused(root: Path, kind: str, path: Path) -> str:
    before = records_text(root)
    result = ctgdocs(root, "import", kind, str(path), "--yes")
    assert result.exit_code == 1, result.output
    assert records_text(root) == before
    return result.stderr


def test_missing_and_unknown_columns(root: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "elus.csv", [["identifiant", "prénom", "nomm"],
                                            ["dupont", "Jean", "DUPONT"]])
    assert refused(root, "elus", path) == (
        "Erreur : Le tableur contient 2 problèmes ; rien n'a été écrit :\n"
        f"{path}, ligne 1, colonne C (« nomm ») : colonne inconnue « nomm » ; colonnes "
        "possibles : identifiant, civilité, prénom, nom, qualité, commune, mandat, suppléant "
        "de, début de mandat, fin de mandat, conseils d'administration, exemple, ordre\n"
        f"{path}, ligne 1 : colonne « nom » manquante\n")


def test_merged_cells_are_refused(root: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Communes"
    sheet.append(["code INSEE", "nom", "code postal"])
    sheet.append(["38155", "Entre-deux-Guiers", "38380"])
    sheet.append(["38236", "Miribel-les-Échelles", None])
    sheet.merge_cells("C2:C3")
    path = tmp_path / "communes.xlsx"
    book.save(path)
    assert refused(root, "communes", path) == (
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{path}, feuille « Communes », ligne 2, colonne C (« code postal ») : cellules "
        "fusionnées (C2:C3) : annulez la fusion et écrivez la valeur dans chaque cellule\n")


def test_a_date_typed_as_text_in_a_typed_sheet(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "elus.xlsx"
    assert ctgdocs(root, "export", "elus", str(path)).exit_code == 0
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet["I4"] = "15/07/2020"
    sheet["I4"].number_format = "@"
    book.save(path)
    assert refused(root, "elus", path) == (
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{path}, feuille « Élus », ligne 4, colonne I (« début de mandat ») : date saisie "
        "comme texte (« 15/07/2020 ») : saisissez une date (format de cellule Date), par "
        "exemple 29/06/2022\n")


def test_an_empty_row_in_the_middle(root: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "communes.csv", [
        ["code INSEE", "nom"], ["38155", "Entre-deux-Guiers"], ["", ""],
        ["38236", "Miribel-les-Échelles"], ["", ""]])
    assert refused(root, "communes", path) == (
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{path}, ligne 3 : ligne vide au milieu des données : supprimez-la (les lignes "
        "suivantes seraient sinon ignorées par d'autres outils)\n")


def test_unknown_commune_and_gestionnaire(root: Path, tmp_path: Path) -> None:
    elus = write_csv(tmp_path / "elus.csv", [
        ["identifiant", "civilité", "prénom", "nom", "commune"],
        ["neuf", "Mme", "Inès", "SALVAT", "38999"]])
    message = refused(root, "elus", elus)
    assert message.startswith(
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{elus}, ligne 2, colonne E (« commune ») : commune inconnue « 38999 » ; communes "
        "connues : 38155 (Entre-deux-Guiers), 38236 (Miribel-les-Échelles),")
    services = write_csv(tmp_path / "services.csv", [
        ["gestionnaire", "identifiant", "rubrique", "ouverture", "soutiens"],
        ["inconnu", "x-laep", "LAEP", "Lundi", "cccc"]])
    assert refused(root, "services", services).startswith(
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{services}, ligne 2, colonne A (« gestionnaire ») : gestionnaire inconnu « "
        "inconnu » ; gestionnaires connus : aadec (Association d'Animation")


def test_files_in_another_encoding(root: Path, tmp_path: Path) -> None:
    rows = [["code INSEE", "nom"], ["38155", "Cœur"]]
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("code INSEE;nom\r\n38155;Cœur\r\n".encode("utf-16"))
    assert refused(root, "communes", utf16) == (
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{utf16} : le fichier est encodé en UTF-16 (« Texte Unicode ») ; enregistrez-le en "
        "« CSV UTF-8 (délimité par des points-virgules) »\n")
    latin9 = write_csv(tmp_path / "latin9.csv", rows, encoding="iso-8859-15")
    assert refused(root, "communes", latin9) == (
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{latin9}, ligne 2, colonne B (« nom ») : le fichier n'est ni en UTF-8 ni en Windows-1252 "
        "(encodage d'un autre système) ; enregistrez-le en « CSV UTF-8 (délimité par des "
        "points-virgules) » (caractère « ½ »)\n")


def test_windows_1252_with_commas_as_excel_writes_it(root: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "communes.csv", [
        ["code INSEE", "nom", "population"], ["38155", "Entre-deux-Guiers", "1 800"]],
        encoding="cp1252", separator=",")
    result = ctgdocs(root, "import", "communes", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("records/communes.yaml (modifié) :\n"
                             "  38155 (Entre-deux-Guiers) : population : 1760 → 1800\n")


def test_what_the_models_and_check_refuse_is_placed_or_listed(root: Path, tmp_path: Path) -> None:
    services = write_csv(tmp_path / "services.csv", [
        ["gestionnaire", "identifiant", "rubrique", "âge minimum", "âge maximum",
         "ouverture", "soutiens"],
        ["paj", "paj-x", "ALSH", "12", "6", "Lundi", "cccc"]])
    assert refused(root, "services", services) == (
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{services}, ligne 2 : âge minimum (12) supérieur à l'âge maximum (6)\n")
    siret = write_csv(tmp_path / "gestionnaires.csv", [
        ["identifiant", "nom", "forme", "SIRET", "adresse", "code postal", "commune",
         "représentant civilité", "représentant prénom", "représentant nom"],
        ["lutins", "Les Lutins", "association", "77941000000012", "1 rue", "38380",
         "Saint-Laurent-du-Pont", "M.", "Paul", "ROUQUET"]])
    message = refused(root, "gestionnaires", siret)
    assert message.startswith("Erreur : Après cet import, ctgdocs check trouverait 1 erreur ; "
                              "rien n'a été écrit :\nrecords/gestionnaires/lutins.yaml:")
    assert "siret" in message


def test_the_guide_names_every_column() -> None:
    from ctgdocs.sheets.exporting import ECHEANCIER_HEADERS, MONTANTS_HEADERS
    from ctgdocs.sheets.kinds import IMPORTS

    guide = (REPO / "docs/guide.md").read_text(encoding="utf-8")
    section = guide.split("## Tableurs", 1)[1].split("\n## ", 1)[0]
    for kind in IMPORTS.values():
        line = next(line for line in section.splitlines() if line.startswith(f"- `{kind.name}`"))
        for column in kind.layout.columns:
            assert f"`{column.header}`" in line, (kind.name, column.header)
        for group in kind.layout.groups:
            assert f"`{group.label} N`" in line
            assert all(f"`{c.header}`" in line for c in group.columns)
    for header in [*MONTANTS_HEADERS, *ECHEANCIER_HEADERS]:
        assert f"`{header}`" in section


def test_the_first_elus_of_a_workspace_make_their_file(root: Path, tmp_path: Path) -> None:
    for folder in ("seances", "deliberations"):
        shutil.rmtree(root / "records" / folder)
    (root / "records/elus.yaml").unlink()
    shutil.rmtree(root / "conventions")
    path = tmp_path / "elus.xlsx"
    assert ctgdocs(REPO, "export", "elus", str(path)).exit_code == 0
    result = ctgdocs(root, "import", "elus", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("records/elus.yaml (nouveau fichier) :\n"
                                    "  ajout : élu buttard (BUTTARD)\n")
    text = (root / "records/elus.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Les membres du conseil communautaire (ctgdocs import elus).\n"
                           "elus:\n  - {id: buttard, civilite: M., prenom: Hervé, nom: BUTTARD, "
                           "commune: 73090, debut: 2020-07-15}\n")
    assert parse(text.encode("utf-8"), "elus.yaml").data["elus"] == \
        parse((REPO / "records/elus.yaml").read_bytes(), "elus.yaml").data["elus"]


def test_merged_cells_of_a_calc_file_are_refused(root: Path, tmp_path: Path,
                                                  soffice: str) -> None:
    soffice = calc(soffice)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Communes"
    sheet.append(["code INSEE", "nom", "code postal"])
    sheet.append(["38155", "Entre-deux-Guiers", "38380"])
    sheet.append(["38236", "Miribel-les-Échelles", None])
    sheet.merge_cells("C2:C3")
    source = tmp_path / "communes.xlsx"
    book.save(source)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "ods", "--outdir", str(tmp_path / "ods"), str(source)],
                   check=True, capture_output=True, timeout=120)
    path = tmp_path / "ods/communes.ods"
    assert refused(root, "communes", path) == (
        "Erreur : Le tableur contient 1 problème ; rien n'a été écrit :\n"
        f"{path}, feuille « Communes », ligne 2, colonne C (« code postal ») : cellules "
        "fusionnées (C2:C3) : annulez la fusion et écrivez la valeur dans chaque cellule\n")


def test_an_emptied_cell_clears_its_field_a_missing_column_keeps_it(root: Path,
                                                                    tmp_path: Path) -> None:
    path = write_csv(tmp_path / "elus.csv", [
        ["identifiant", "nom", "qualité"], ["lenfant", "LENFANT", ""]])
    result = ctgdocs(root, "import", "elus", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("records/elus.yaml (modifié) :\n"
                             "  lenfant (LENFANT) : qualité : Présidente → (vide)\n")
    text = (root / "records/elus.yaml").read_text(encoding="utf-8")
    assert '  - {id: lenfant, civilite: Mme, prenom: Anne, nom: "LENFANT", commune: 73107, ' \
           'debut: 2020-07-15}\n' in text
    emptied = write_csv(tmp_path / "elus2.csv", [["identifiant", "nom"], ["lenfant", ""]])
    assert "valeur obligatoire (« nom ») manquante" in refused(root, "elus", emptied)
