"""Extract, draft, list and procès-verbal of the reference session; the derived summary."""

from __future__ import annotations

from pathlib import Path

from .conftest import Run, docx_paragraphs, docx_text
from .test_check import edit
from .test_council import D112, SEANCE

SEED_SUMMARY = """
  - texte: "Synthèse recopiée de l'acte de 2022 :"
    synthese:
      - objectif_general: ADEQUATION DE L'OFFRE ET DE LA DEMANDE
        objectifs_declines:
          - 1- Se donner les moyens de connaître les besoins
          - 2- Être à l'écoute des porteurs d'offre de service existants et en projet
          - 3- Harmoniser / faire correspondre l'offre et la demande
      - objectif_general: RENFORCER L'OFFRE DE SERVICE
        objectifs_declines:
          - 1- Augmenter le nombre de places
          - 2- Réorganiser structurellement les services
          - 3- Faciliter l'accès aux services par une meilleure compréhension
"""


def test_extract_carries_every_mention(run: Run, tmp_path: Path) -> None:
    result = run("deliberation", "22_112", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = docx_paragraphs(tmp_path / "deliberation-22_112.docx")
    text = "\n".join(lines)
    for mention in [
        "COMMUNAUTÉ DE COMMUNES CŒUR DE CHARTREUSE",
        "Pôle Tertiaire, ZI Chartreuse Guiers, 38380 Entre-deux-Guiers",
        "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL COMMUNAUTAIRE",
        "DÉLIBÉRATION N° 22_112",
        "L'an deux mille vingt-deux, le vingt-neuf juin à 18h30,",
        "s'est réuni en session ordinaire dans la salle de réunion du Pôle tertiaire - Zone "
        "Industrielle Chartreuse-Guiers à Entre-deux-Guiers, sous la présidence d'Anne LENFANT.",
        "OBJET : CONVENTION TERRITORIALE GLOBALE CŒUR DE CHARTREUSE",
        "Date de la convocation : mercredi 22 juin 2022",
        "Nombre de conseillers : En exercice : 36 – Présents : 25 – Pouvoirs : 7 – Votants : 32",
        "Résultat des votes : Pour : 32 – Contre : 0 – Abstention : 0",
        "Anne LENFANT, Suzy REY (Entremont-le-Vieux)",
        "Marie José SEGUIN à Martine MACHON",
        "Nathalie HENNER à Jean-Paul SIRAND PUGNET",
        "Secrétaire de séance : Cécile LASIO",
        "CONSIDERANT enfin l'avis très favorable du Comité de pilotage de la CTG en date du "
        "22/06/2022,",
        "RENFORCER L'OFFRE DE SERVICE | 1- Augmenter le nombre de places / 2- Ajuster les "
        "procédures internes et partenariales pour plus d'efficience",
        "Le Conseil Communautaire, après en avoir délibéré, à l'unanimité :",
        "AUTORISE la Présidente à signer la convention territoriale globale",
        "CERTIFIE sous sa responsabilité le caractère exécutoire de cet acte",
        "recours pour excès de pouvoir devant le Tribunal administratif de Grenoble",
        "Télérecours citoyens",
        "Pour extrait certifié conforme.",
        "La Présidente, | La secrétaire de séance,",
        "Anne LENFANT | Cécile LASIO",
        "Envoyé en préfecture le 08/07/2022",
        "Reçu en préfecture le 08/07/2022",
        "Publié le 11/07/2022",
        "ID : 038-200040111-20220705-22_112-DE",
    ]:
        assert mention in text, mention
    assert "PROJET" not in text


def test_draft_has_no_session_figures_and_ignores_failing_checks(run: Run, workspace: Path,
                                                                 tmp_path: Path) -> None:
    edit(workspace, SEANCE, "mandataire: Martine MACHON", "mandataire: Marlène MACHON")
    out = tmp_path / "sortie"
    refused = run("deliberation", "22_112", "--no-pdf", "--out", str(out))
    assert refused.exit_code == 1
    assert "« Marlène MACHON » n'est pas membre du conseil" in refused.stderr
    assert not out.exists()
    draft = run("deliberation", "22_112", "--draft", "--no-pdf", "--out", str(out))
    assert draft.exit_code == 0, draft.output
    lines = docx_paragraphs(out / "deliberation-22_112-projet.docx")
    text = "\n".join(lines)
    assert lines[-1] == "PROJET"  # the header, hence on every page
    assert "PROJET DE DÉLIBÉRATION" in text
    assert "Il est proposé au Conseil Communautaire de bien vouloir :" in text
    for absent in ("Votants", "Présents les délégués", "Pouvoirs :", "Pour extrait certifié",
                   "Envoyé en préfecture", "à l'unanimité"):
        assert absent not in text, absent


def test_casting_vote_and_second_convocation_are_stated(run: Run, workspace: Path,
                                                        tmp_path: Path) -> None:
    edit(workspace, D112, "  pour: 32\n  contre: 0", "  pour: 16\n  contre: 16")
    edit(workspace, D112, "  unanimite: oui\n", "")
    result = run("deliberation", "22_112", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "deliberation-22_112.docx")
    assert ("Le Conseil Communautaire, après en avoir délibéré, à la majorité des suffrages "
            "exprimés, la voix de la présidente de séance étant prépondérante :") in text


def test_list_and_minutes(run: Run, tmp_path: Path) -> None:
    assert run("seance", "liste", "2022-06-29", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
    assert run("seance", "pv", "2022-06-29", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
    liste = docx_paragraphs(tmp_path / "seance-2022-06-29-liste.docx")
    assert ("22_112 | Convention Territoriale Globale Cœur de Chartreuse | Adoptée à "
            "l'unanimité") in liste
    assert "Publiée le 28 novembre 2026." in liste
    pv = "\n".join(docx_paragraphs(tmp_path / "seance-2022-06-29-pv.docx"))
    for mention in [
        "PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL COMMUNAUTAIRE",
        "Membres en exercice : 36 – présents à l'ouverture : 25 – représentés : 7",
        "Le quorum (12 membres présents) étant atteint, la présidente ouvre la séance.",
        "N° 22_113 – Conventions de fonctionnement et de financement 2022-2025",
        "Ne prennent pas part au vote : Céline BOURSIER et Suzy REY",
        "Décision : adoptée à l'unanimité.",
        "Débats :",
        "La présidente de séance, | La secrétaire de séance,",
    ]:
        assert mention in pv, mention


def test_unknown_deliberation_and_session(run: Run) -> None:
    result = run("deliberation", "22_999", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : Délibération n° 22_999 inconnue. Délibérations connues : "
                             "22_112, 22_113, 24_031\n")
    result = run("seance", "pv", "2099-01-01", "--no-pdf")
    assert result.stderr == "Erreur : Séance « 2099-01-01 » inconnue. Séances connues : 2022-06-29, 2024-03-27\n"


def test_a_copied_summary_that_disagrees_with_the_tree(run: Run, workspace: Path) -> None:
    edit(workspace, D112, "\ndecisions:", SEED_SUMMARY + "\ndecisions:")
    lines = (workspace / D112).read_text(encoding="utf-8").splitlines()
    harmoniser = next(i for i, line in enumerate(lines, 1) if "3- Harmoniser" in line)
    reorganiser = next(i for i, line in enumerate(lines, 1) if "Réorganiser" in line)
    assert run("check").stdout.splitlines() == [
        f"records/deliberations/22_112.yaml:{harmoniser}: considerants[12].synthese[0].objectifs_declines[2]: délibération 22_112 : la synthèse indique « 3- Harmoniser / faire correspondre l'offre et la demande » sous « ADEQUATION DE L'OFFRE ET DE LA DEMANDE », l'arbre à objectifs dit « 3- Harmonisation / ou faire correspondre l'offre et la demande »",
        f"records/deliberations/22_112.yaml:{reorganiser}: considerants[12].synthese[1].objectifs_declines[1]: délibération 22_112 : la synthèse indique « 2- Réorganiser structurellement les services » sous « RENFORCER L'OFFRE DE SERVICE », l'arbre à objectifs dit « 2- Ajuster les procédures internes et partenariales pour plus d'efficience »",
    ]


def test_plan_numbering_is_checked(run: Run, workspace: Path) -> None:
    edit(workspace, "records/plan-action.yaml", "- numero: 1-2\n", "- numero: 2-2\n")
    result = run("check")
    assert result.exit_code == 1
    assert "numero: l'objectif opérationnel 2-2 est rangé sous l'objectif décliné 1" in result.stdout
