"""Extract, draft, list and procès-verbal of the reference session; the derived summary."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ctgdocs.cli import cli

from .conftest import REPO, Run, docx_paragraphs, docx_text, new_findings, write
from .test_check import edit
from .test_council import D112, D113, MEMBERS, session


def extract(run: Run, out: Path, *args: str) -> str:
    result = run("deliberation", "22_112", "--no-pdf", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return docx_text(out / "deliberation-22_112.docx")


def test_extract_reproduces_the_act_as_voted(run: Run, tmp_path: Path) -> None:
    """Dated at its séance (no signature recorded in this copy): the text as voted, errors
    included, no invented person, and no event later than its date."""
    text = extract(run, tmp_path)
    for mention in [
        "COMMUNAUTÉ DE COMMUNES CŒUR DE CHARTREUSE",
        "Pôle Tertiaire, ZI Chartreuse Guiers, 38380 Entre-deux-Guiers",
        "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL COMMUNAUTAIRE",
        "DÉLIBÉRATION N° 22_112",
        "L'an deux mille vingt-deux, le vingt-neuf juin à 18h30,",
        "Le Conseil Communautaire s'est réuni en session ordinaire dans la salle de réunion du "
        "Pôle tertiaire - Zone Industrielle Chartreuse-Guiers à Entre-deux-Guiers, sous la "
        "présidence d'Anne LENFANT.",
        "OBJET : CONVENTION TERRITORIALE GLOBALE CŒUR DE CHARTREUSE",
        "Date de la convocation : mercredi 22 juin 2022",
        "Nombre de conseillers : En exercice : 36 – Présents : 25 – Pouvoirs : 7 – Votants : 12",
        "Résultat des votes (à main levée) : Pour : 32 – Contre : 0 – Abstention : 0",
        "Anne LENFANT, Suzy REY (Entremont-le-Vieux); Pierre FAYARD (Les Echelles)",
        "Pascal SERVAIS (Saint Pierre d'Entremont 3R) ; Jean Claude BROTTTEL PATIENCE",
        "Marie José SEGUIN à Marlène MACHON",
        "Nathalie HENNER à Jean Paul SIRAND PUGNET",
        "Absents : 4",
        "Secrétaire de séance : ……",
        "RENFORCER L'OFFRE DE SERVICE | 1- Augmenter le nombre de places / 2- Réorganiser "
        "structurellement les services",
        "PILOTAGE DE LA CTG | Des missions de coordination vers les nouvelles missions de "
        "coopération",
        "Le Conseil Communautaire, après en avoir délibéré, à l'unanimité :",
        "VALIDE l'Annexe 2 en pièce jointe,",
        "Annexes :\nAnnexe 2 – Liste des équipements et services soutenus par les collectivités "
        "locales\nAinsi fait",
        "Au registre sont les signatures des membres présents.",
        "CERTIFIE sous sa responsabilité le caractère exécutoire de cet acte à compter de sa "
        "publication et de sa transmission au représentant de l'État ;",
        "recours pour excès de pouvoir devant le Tribunal administratif de Grenoble",
        "Pour extrait certifié conforme.",
        "Fait à Entre-deux-Guiers, le 29 juin 2022.",
        "La Présidente, | \n | \nAnne LENFANT | ",
    ]:
        assert mention in text, mention
    for absent in ["PROJET", "régulièrement convoqué", "Gérard PERRET", "Cécile LASIO,",
                   "Ajuster les procédures", "(exemple)", "Envoyé en préfecture", "Reçu en",
                   "Publié le", "ID : ", "novembre 2026", "publié et transmis"]:
        assert absent not in text, absent


def test_signed_extract_is_dated_at_its_signature_without_later_events(tmp_path: Path) -> None:
    """The reference register records the signature of 22_112 on 5 July 2022: the extract
    carries that date and none of the transmission (8 July) or publication (11 July)."""
    result = CliRunner().invoke(cli, ["--root", str(REPO), "deliberation", "22_112",
                                      "--no-pdf", "--out", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "deliberation-22_112.docx")
    assert "Fait à Entre-deux-Guiers, le 5 juillet 2022." in text
    assert "à compter de sa publication et de sa transmission" in text
    for later in ("Envoyé en préfecture", "Reçu en préfecture", "Publié le", "ID : "):
        assert later not in text, later


def test_copy_certified_after_publication_prints_the_recorded_dates(run: Run,
                                                                    tmp_path: Path) -> None:
    text = extract(run, tmp_path, "--certifie-le", "2022-09-01")
    assert "Fait à Entre-deux-Guiers, le 1er septembre 2022." in text
    assert ("CERTIFIE sous sa responsabilité le caractère exécutoire de cet acte, reçu par le "
            "représentant de l'État le 08/07/2022 et publié le 11/07/2022 ;") in text
    assert ("Envoyé en préfecture le 08/07/2022\nReçu en préfecture le 08/07/2022\n"
            "Publié le 11/07/2022\nID : 038-200040111-20220705-22_112-DE") in text
    between = extract(run, tmp_path, "--certifie-le", "2022-07-09")
    assert "Reçu en préfecture le 08/07/2022" in between
    assert "Publié le" not in between and "à compter de sa publication" in between


def test_a_date_before_the_act_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("--date", "2022-06-28", "deliberation", "22_112", "--no-pdf",
                 "--out", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Erreur : Extrait de la délibération n° 22_112 : document du 29 juin 2022, "
        "postérieur au 28 juin 2022 demandé avec --date (il n'existait pas encore à cette "
        "date).\n")
    assert not (tmp_path / "x").exists()
    built = run("--date", "2022-06-30", "build", "--no-pdf", "--out", str(tmp_path / "b"))
    assert built.exit_code == 0, built.output
    assert "Non produit à cette date : Extrait de la délibération n° 24_031" in built.stderr
    assert not (tmp_path / "b" / "deliberation-24_031.docx").exists()
    assert (tmp_path / "b" / "deliberation-22_112.docx").exists()


def test_build_gives_the_same_files_on_any_day(run: Run, tmp_path: Path) -> None:
    first = run("--date", "2026-11-28", "build", "--no-pdf", "--out", str(tmp_path / "a"))
    second = run("--date", "2031-02-03", "build", "--no-pdf", "--out", str(tmp_path / "b"))
    assert first.exit_code == second.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "a").glob("[!.]*"))  # not the manifest
    assert names == sorted(p.name for p in (tmp_path / "b").glob("[!.]*"))
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def make_projet(workspace: Path, numero: str) -> None:
    """The délibération before its séance: no vote, no transmission."""
    path = workspace / f"records/deliberations/{numero}.yaml"
    text = path.read_text(encoding="utf-8").split("\ntransmission:\n")[0] + "\n"
    path.write_text(text.split("\nvote:\n")[0] + "\n", encoding="utf-8")


def test_projet_is_generated_from_the_records(run: Run, workspace: Path,
                                              tmp_path: Path) -> None:
    make_projet(workspace, "22_113")
    out = tmp_path / "sortie"
    refused = run("deliberation", "22_113", "--no-pdf", "--out", str(out))
    assert refused.exit_code == 1
    assert refused.stderr == ("Erreur : La délibération n° 22_113 n'a pas de vote enregistré "
                              ": son extrait n'existe pas encore. Produisez le projet avec "
                              "--draft.\n")
    assert not out.exists()
    (workspace / D113).write_text((workspace / D113).read_text(encoding="utf-8").replace(
        "montant: 64500}", "montant: 64000}"), encoding="utf-8")
    assert "la convention CFF-2022-CCCC-AADEC prévoit" in run("check").stdout
    edit(workspace, D113, "subventions:", "ancien_tableau:")
    text = (workspace / D113).read_text(encoding="utf-8")
    (workspace / D113).write_text(text.split("ancien_tableau:")[0] + "decisions:"
                                  + text.split("decisions:")[1], encoding="utf-8")
    draft = run("deliberation", "22_113", "--draft", "--no-pdf", "--out", str(out))
    assert draft.exit_code == 0, draft.output
    lines = docx_paragraphs(out / "deliberation-22_113-projet.docx")
    text = "\n".join(lines)
    assert lines[-1] == "PROJET"  # the header, hence on every page
    assert "PROJET DE DÉLIBÉRATION" in text
    assert "Séance du mercredi 29 juin 2022 à 18h30, dans la salle de réunion" in text
    assert "Il est proposé au Conseil Communautaire de bien vouloir :" in text
    assert "APPROUVER les conventions" in text and "AUTORISER la Présidente" in text
    assert "ATTRIBUER à chaque gestionnaire" in text
    assert ("Association d'Animation pour le Développement des Entremonts en Chartreuse "
            "(AADEC) | CFF-2022-CCCC-AADEC | 2022 : 61\u00a0500,00\u00a0€ ; 2023 : "
            "62\u00a0500,00\u00a0€ ; 2024 : 63\u00a0500,00\u00a0€ ; 2025 : "
            "64\u00a0500,00\u00a0€ | 252\u00a0000,00\u00a0€") in text
    for absent in ("Votants", "Présents les délégués", "Pouvoirs :", "Pour extrait certifié",
                   "Envoyé en préfecture", "à l'unanimité", "APPROUVE "):
        assert absent not in text, absent


def test_voted_subsidies_are_the_conventions_amounts(run: Run, tmp_path: Path) -> None:
    result = run("deliberation", "22_113", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "deliberation-22_113.docx")
    assert ("Bénéficiaire | Convention | Montants annuels | Total\n"
            "AADEC | CFF-2022-CCCC-AADEC | 2022 : 61\u00a0500,00\u00a0€ ; 2023 : "
            "62\u00a0500,00\u00a0€ ; 2024 : 63\u00a0500,00\u00a0€ ; 2025 : "
            "64\u00a0500,00\u00a0€ | 252\u00a0000,00\u00a0€") in text
    assert "Convention de fonctionnement et de financement CFF-2022-CCCC-TITOUNETS" in text
    assert "subventions" not in run("check").stdout
    # No presence list copied in this record: the members present are named from the
    # séance, namesake communes told apart by their département.
    assert "Pascal SERVAIS (Saint-Pierre-d'Entremont, Isère)" in text
    assert "Wilfried TISSOT (Saint-Pierre-d'Entremont, Savoie)" in text


def test_casting_vote_is_stated_in_extract_list_and_minutes(run: Run, workspace: Path,
                                                           tmp_path: Path) -> None:
    edit(workspace, D112, "  pour: 32\n  contre: 0", "  pour: 16\n  contre: 16")
    edit(workspace, D112, "  unanimite: oui\n", "")
    text = extract(run, tmp_path)
    casting = ("adopte la proposition, les voix étant également partagées et la voix de la "
               "présidente de séance étant prépondérante (article L2121-20 du code général des "
               "collectivités territoriales)")
    assert f"Le Conseil Communautaire, après en avoir délibéré, {casting} :" in text
    for kind in ("liste", "pv"):
        assert run("seance", kind, "2022-06-29", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
        assert casting in docx_text(tmp_path / f"seance-2022-06-29-{kind}.docx"), kind


def test_compte_rendu_and_minutes_before_1_july_2022(run: Run, tmp_path: Path) -> None:
    assert run("seance", "liste", "2022-06-29", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
    assert run("seance", "pv", "2022-06-29", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
    liste = docx_paragraphs(tmp_path / "seance-2022-06-29-liste.docx")
    assert "COMPTE RENDU" in liste
    assert ("22_112 | Convention Territoriale Globale Cœur de Chartreuse | Adoptée à "
            "l'unanimité") in liste
    assert "Affichée et mise en ligne le ………………………………" in liste
    assert not any("novembre 2026" in line for line in liste)
    pv = "\n".join(docx_paragraphs(tmp_path / "seance-2022-06-29-pv.docx"))
    for mention in [
        "PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL COMMUNAUTAIRE",
        "Membres en exercice : 36 – présents à l'ouverture : 25 – représentés : 7",
        "Quorum : 25 membres présents pour 12 requis. Le quorum étant atteint, la présidente "
        "ouvre la séance.",
        "N° 22_113 – Conventions de fonctionnement et de financement 2022-2025",
        "Vote à main levée : Pour : 30 – Contre : 0 – Abstention : 0",
        "Ne prennent pas part au vote : Céline BOURSIER et Suzy REY",
        "Décision : le Conseil adopte la délibération à l'unanimité.",
        "Teneur des discussions :",
        "Projet de procès-verbal, à arrêter lors de la prochaine séance.",
        "Ont signé au registre les membres présents.",
    ]:
        assert mention in pv, mention
    assert "Secrétaire de séance : ……" in pv
    assert pv.splitlines()[-1] == "PROJET"


def test_unknown_deliberation_and_session(run: Run) -> None:
    result = run("deliberation", "22_999", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : Délibération n° 22_999 inconnue. Délibérations connues : "
                             "22_112, 22_113, 24_031\n")
    result = run("seance", "pv", "2099-01-01", "--no-pdf")
    assert result.stderr == "Erreur : Séance « 2099-01-01 » inconnue. Séances connues : 2022-06-29, 2024-03-27\n"


def test_plan_numbering_is_checked(run: Run, workspace: Path) -> None:
    edit(workspace, "records/plan-action.yaml", "- numero: 1-2\n", "- numero: 2-2\n")
    result = run("check")
    assert result.exit_code == 1
    assert "numero: l'objectif opérationnel 2-2 est rangé sous l'objectif décliné 1" in result.stdout


def test_minutes_after_1_july_2022_with_a_scrutin_public(run: Run, workspace: Path,
                                                         tmp_path: Path) -> None:
    """L2121-15 minutes: quorum against the requirement, each voter named for a scrutin
    public, the request for it, signed by président and secrétaire; arrêté at the next
    séance, a projet until then."""
    voters = ", ".join(MEMBERS[:20])
    session(workspace, "2022-09-30", 20, vote=(
        "{mode: public, demande: \"scrutin public demandé par six conseillers\", "
        f"pour: [{voters}]}}"))
    write(workspace, "records/seances/suite.yaml", """
        id: suite
        date: 2022-10-20
        heure: '18:00'
        lieu: Salle du conseil
        convocation: 2022-10-10
        president: lenfant
        secretaire: buttard
        presents: [lenfant, buttard, renaudin, maisonnier, rey, fayard, dufour, coux, lheritier,
          eyraud, guijarro, machon, gusmerou, lasio, sarter, boursier, pichon-martin,
          morel-veronique, morel-cedric, sirand-pugnet]
        proces_verbaux: [test]
        deliberations: [22_201]
        """)
    write(workspace, "records/deliberations/22_201.yaml", """
        numero: 22_201
        seance: suite
        objet: Délibération suivante
        classification: '5.7'
        decisions: [{verbe: APPROUVE, texte: "la suite."}]
        vote: {pour: 20}
        """)
    assert new_findings(run("check")) == ""
    before = tmp_path / "avant"
    assert run("--date", "2022-10-01", "seance", "pv", "test", "--no-pdf", "--out",
               str(before)).exit_code == 0
    projet = docx_text(before / "seance-test-pv.docx")
    assert "Projet de procès-verbal, à arrêter lors de la prochaine séance." in projet
    assert projet.splitlines()[-1] == "PROJET"
    assert run("seance", "pv", "test", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
    pv = docx_text(tmp_path / "seance-test-pv.docx")
    for mention in [
        "Quorum : 20 membres présents pour 19 requis.",
        "Secrétaire de séance : Hervé BUTTARD",
        "Demande de mode de scrutin : scrutin public demandé par six conseillers",
        "Vote au scrutin public : Pour : 20 – Contre : 0 – Abstention : 0",
        "Pour : Hervé BUTTARD, Birgitta RENAUDIN, Raphaël MAISONNIER, Anne LENFANT",
        "Procès-verbal arrêté lors de la séance du 20 octobre 2022.",
        "La présidente de séance, | Le secrétaire de séance,",
        "Anne LENFANT | Hervé BUTTARD",
    ]:
        assert mention in pv, mention
    assert "PROJET" not in pv and "Ont signé au registre" not in pv
    assert run("seance", "liste", "test", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
    liste = docx_text(tmp_path / "seance-test-liste.docx")
    assert "LISTE DES DÉLIBÉRATIONS" in liste and "COMPTE RENDU" not in liste
    assert "mise en ligne dans un délai d'une semaine en application de l'article L2121-25" \
        in liste


def test_a_seance_after_1_july_2022_needs_its_secretary(run: Run, workspace: Path) -> None:
    session(workspace, "2022-09-30", 20)
    edit(workspace, "records/seances/test.yaml", "secretaire: buttard\n", "")
    assert new_findings(run("check")) == (
        "records/seances/test.yaml:1: secretaire: séance du 30 septembre 2022 : secrétaire de "
        "séance non indiqué(e) ; il ou elle signe les délibérations et le procès-verbal depuis "
        "le 1er juillet 2022 (L2121-15, L2121-23)\n")


def test_illustrative_attendance_is_counted_and_marked(run: Run, tmp_path: Path) -> None:
    """The 2024 séance's attendance and hour are illustrative (exemple:): the act counts the
    members, never names them, and every figure drawn from them is marked; so are the
    non-participation drawn from illustrative boards and the wording drawn from the vote."""
    result = run("deliberation", "24_031", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "deliberation-24_031.docx", marks=True)
    for marked in ["le vingt-sept mars à ⟦18h30⟧",
                   "En exercice : ⟦36⟧ – Présents : ⟦25⟧ – Pouvoirs : ⟦0⟧ – Votants : ⟦24⟧",
                   "Résultat des votes (⟦à main levée⟧)",
                   "Ne prend pas part au vote : ⟦Suzy REY⟧",
                   "Présents les délégués avec voix délibérative : ⟦25⟧",
                   "Absents : ⟦11⟧", "après en avoir délibéré, ⟦à l'unanimité⟧ :"]:
        assert marked in text, marked
    assert "Hervé BUTTARD" not in text
