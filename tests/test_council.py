"""Council rules, each on both sides: accepted and rejected, with the exact message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ctgdocs import council
from ctgdocs.check import checked_records
from ctgdocs.models.conseil import Vote
from ctgdocs.workspace import Workspace

from .conftest import REPO, Run, load_findings, new_findings, write
from .test_check import edit

SEANCE = "records/seances/2022-06-29.yaml"
D112 = "records/deliberations/22_112.yaml"
D113 = "records/deliberations/22_113.yaml"
MEMBERS = [
    "buttard", "renaudin", "maisonnier", "lenfant", "rey", "fayard", "dufour", "coux",
    "lheritier", "eyraud", "guijarro", "machon", "gusmerou", "lasio", "sarter", "boursier",
    "pichon-martin", "morel-veronique", "morel-cedric", "sirand-pugnet", "blanquet", "servais",
    "brottel-patience", "tissot", "giraud", "labrude", "cattaneo", "seguin", "journet",
    "lavole", "henner", "guiol", "perret", "durand", "billon", "arnaud",
]


def session(root: Path, day: str, present: int, *, pouvoirs: str = "", vote: str = "",
            extra: str = "", convocation: str | None = None) -> None:
    """A séance with the first ``present`` members present and one délibération 22_200.

    ``pouvoirs`` and ``extra`` are top-level YAML lines added to the séance."""
    convoked = convocation or (dt.date.fromisoformat(day) - dt.timedelta(days=10)).isoformat()
    (root / "records/seances/test.yaml").write_text(
        f"id: test\ndate: {day}\nheure: '18:00'\nlieu: Salle du conseil\n"
        f"convocation: {convoked}\npresident: lenfant\nsecretaire: buttard\n"
        f"presents: [{', '.join(MEMBERS[:present])}]\ndeliberations: [22_200]\n"
        f"{pouvoirs}{extra}", encoding="utf-8")
    (root / "records/deliberations/22_200.yaml").write_text(
        "numero: 22_200\nseance: test\nobjet: Délibération d'essai\nclassification: '5.7'\n"
        "decisions: [{verbe: APPROUVE, texte: \"l'essai.\"}]\n"
        f"vote: {vote or f'{{pour: {present}}}'}\n", encoding="utf-8")


def findings(run: Run) -> list[str]:
    return new_findings(run("check")).splitlines()


def test_reference_figures_are_computed(workspace: Path) -> None:
    records = checked_records(Workspace(workspace))
    seance = records.seance("2022-06-29")
    assert seance is not None
    d112 = records.deliberation("22_112")
    d113 = records.deliberation("22_113")
    assert d112 is not None and d113 is not None
    figures = council.attendance(records.roster, seance, d112)
    assert (figures.en_exercice, len(figures.presents), len(figures.pouvoirs),
            figures.votants) == (36, 25, 7, 32)
    assert council.attendance(records.roster, seance, d113).votants == 30


LITERAL_ERRORS = [
    "22_112.yaml:46: considerants[11].synthese[1].objectifs_declines[1]: {level}délibération "
    "22_112 : la synthèse indique « 2- Réorganiser structurellement les services » sous "
    "« RENFORCER L'OFFRE DE SERVICE », l'arbre à objectifs dit « 2- Ajuster les procédures "
    "internes et partenariales pour plus d'efficience »",
    "22_112.yaml:83: chiffres.votants: {level}délibération 22_112 (séance du 29 juin 2022) : "
    "l'acte indique « Votants : 12 », le calcul des présences donne 32",
    "2022-06-29.yaml:19: pouvoirs[2].mandataire: {level}séance du 29 juin 2022 : « Marlène "
    "MACHON » n'est pas membre du conseil (vouliez-vous dire Martine MACHON ?)",
]


def test_literal_errors_of_the_voted_act_are_warnings_in_one_run(run: Run) -> None:
    """The reference act as voted: each of its literal errors is reported, with the written
    and computed values, as a warning (the act is reproduced as voted)."""
    result = run("check")
    assert result.exit_code == 0
    for expected in LITERAL_ERRORS:
        text = expected.format(level="avertissement : ")
        assert any(text in line and "rectificative" in line
                   for line in result.stdout.splitlines()), text
    assert ("l'identifiant @ctes porte la date du 05/07/2022, la séance est du 29/06/2022"
            in result.stdout)


def test_the_same_literal_errors_in_a_projet_are_errors(run: Run, workspace: Path) -> None:
    """The same records before the vote: a projet can still be corrected, so each
    divergence is an error."""
    for numero in ("22_112", "22_113"):
        path = workspace / f"records/deliberations/{numero}.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.split("\ntransmission:\n")[0] + "\n"
        kept = text.split("\nvote:\n")[0] + "\n"
        path.write_text(kept, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for expected in LITERAL_ERRORS:
        text = expected.format(level="")
        assert any(line.endswith(text) or text + " ;" in line for line in lines), text
    assert not any("rectificative" in line for line in lines)


def test_written_presence_list_is_compared_with_the_seance(run: Run, workspace: Path) -> None:
    """The presence list as the voted act writes it: a misspelt name, a member present but
    not named and a member named but absent are warnings giving who."""
    assert ("22_112.yaml:103: liste_presents: avertissement : délibération 22_112 (séance du "
            "29 juin 2022), liste des présents : « Jean Claude BROTTTEL PATIENCE » n'est pas "
            "membre du conseil (vouliez-vous dire Jean Claude BROTTEL PATIENCE ?)"
            in run("check").stdout)
    edit(workspace, D112, "Robert EYRAUD (Saint-Franc)", "Gérard PERRET (Saint-Franc)")
    found = findings(run)
    assert any("l'acte ne nomme pas parmi les présents Robert EYRAUD, présent(s) selon la "
               "séance ; l'acte voté est reproduit tel quel" in line for line in found), found
    assert any("l'acte nomme parmi les présents Gérard PERRET, absent(s) selon la séance"
               in line for line in found), found
    assert all("avertissement" in line for line in found), found


def test_written_presence_list_in_a_projet_is_an_error(run: Run, workspace: Path) -> None:
    path = workspace / D112
    written = "liste_presents: Anne LENFANT (Entremont-le-Vieux)\n"
    path.write_text(path.read_text(encoding="utf-8").split("\nvote:\n")[0] + "\n" + written,
                    encoding="utf-8")
    assert any(line.endswith("liste_presents: délibération 22_112 (séance du 29 juin 2022) : "
                             "liste des présents recopiée dans un projet ; un projet nomme les "
                             "présents d'après la séance, la liste écrite ne se recopie qu'une "
                             "fois l'acte voté") for line in findings(run))


def test_seed_figures_corrected_are_accepted(run: Run, workspace: Path) -> None:
    edit(workspace, D112, "votants: 12}", "votants: 32}")
    edit(workspace, SEANCE, "mandataire: Marlène MACHON", "mandataire: Martine MACHON")
    output = run("check").stdout
    assert "Votants" not in output and "MACHON" not in output


@pytest.mark.parametrize("name", ["Jean Paul SIRAND PUGNET", "sirand-pugnet jean-paul",
                                  "JEAN-PAUL Sirand Pugnet", "sirand-pugnet"])
def test_names_are_matched_after_normalisation(workspace: Path, name: str) -> None:
    records = checked_records(Workspace(workspace))
    found = records.roster.find(name)
    assert found is not None and found.id == "sirand-pugnet"


def test_unknown_name_is_nobody(workspace: Path) -> None:
    records = checked_records(Workspace(workspace))
    assert records.roster.find("Marlène MACHON") is None
    closest = records.roster.closest("Marlène MACHON")
    assert closest is not None and closest.nom_complet == "Martine MACHON"


def test_quorum_under_temporary_and_ordinary_rules(run: Run, workspace: Path) -> None:
    session(workspace, "2022-06-30", 12)  # a third of 36: enough until 31 July 2022
    assert findings(run) == []
    session(workspace, "2022-06-30", 11)
    assert findings(run) == [
        "records/deliberations/22_200.yaml:2: seance: délibération 22_200 (séance du 30 juin 2022) : quorum non atteint, 11 présents pour 36 membres en exercice (il en faut 12)"]
    session(workspace, "2022-09-30", 19)  # more than half afterwards
    assert findings(run) == []
    session(workspace, "2022-09-30", 18)
    assert findings(run) == [
        "records/deliberations/22_200.yaml:2: seance: délibération 22_200 (séance du 30 septembre 2022) : quorum non atteint, 18 présents pour 36 membres en exercice (il en faut 19)"]


def test_no_quorum_needed_on_second_convocation(run: Run, workspace: Path) -> None:
    session(workspace, "2022-09-30", 18, extra="seconde_convocation: oui\npremiere_seance: 2022-06-29\n")
    assert findings(run) == []


def test_pouvoirs_per_member_depend_on_the_date(run: Run, workspace: Path) -> None:
    two = "pouvoirs:\n  - {mandant: perret, mandataire: fayard}\n  - {mandant: durand, mandataire: fayard}\n"
    session(workspace, "2022-07-31", 25, pouvoirs=two, vote="{pour: 27}")
    assert findings(run) == []
    session(workspace, "2022-08-01", 25, pouvoirs=two, vote="{pour: 27}")
    assert findings(run) == [
        "records/seances/test.yaml:10: pouvoirs: séance du 1er août 2022, délibération 22_200 : Pierre FAYARD détient 2 pouvoirs ; à cette date un membre en détient un seul pouvoir (L2121-20)"]


def test_pouvoir_must_go_from_an_absent_to_a_present_member(run: Run, workspace: Path) -> None:
    bad = "pouvoirs:\n  - {mandant: fayard, mandataire: lasio}\n  - {mandant: perret, mandataire: arnaud}\n"
    session(workspace, "2022-09-30", 25, pouvoirs=bad, vote="{pour: 25}")
    assert findings(run) == [
        "records/seances/test.yaml:11: pouvoirs[0].mandant: séance du 30 septembre 2022, délibération 22_200 : Pierre FAYARD donne pouvoir mais est présent(e)",
        "records/seances/test.yaml:12: pouvoirs[1].mandataire: séance du 30 septembre 2022, délibération 22_200 : pouvoir de Gérard PERRET à Hélène ARNAUD, qui n'est pas présent(e)",
    ]


def test_member_listed_twice_and_unknown_member(run: Run, workspace: Path) -> None:
    edit(workspace, SEANCE, "deliberations: [22_112, 22_113]",
         "absents: [lasio, Gérard PERRIN]\ndeliberations: [22_112, 22_113]")
    assert findings(run) == [
        "records/seances/2022-06-29.yaml:13: presents: séance du 29 juin 2022 : Cécile LASIO est cité 2 fois parmi les présents et les absents",
        "records/seances/2022-06-29.yaml:24: absents[1]: avertissement : séance du 29 juin 2022 : « Gérard PERRIN » n'est pas membre du conseil (vouliez-vous dire Gérard PERRET ?) ; l'acte voté est reproduit tel quel : s'il faut le corriger, c'est par une délibération rectificative (ou une rectification d'erreur matérielle)",
    ]


def test_vote_total_above_votants_and_false_unanimity(run: Run, workspace: Path) -> None:
    edit(workspace, D112, "  pour: 32\n  contre: 0\n  abstention: 0",
         "  pour: 31\n  contre: 0\n  abstention: 2")
    assert findings(run) == [
        "records/deliberations/22_112.yaml:85: vote: avertissement : délibération 22_112 (séance du 29 juin 2022) : pour 31 + contre 0 + abstention 2 = 33, mais le calcul des présences donne 32 votants ; l'acte voté est reproduit tel quel : s'il faut le corriger, c'est par une délibération rectificative (ou une rectification d'erreur matérielle)",
        "records/deliberations/22_112.yaml:89: vote.unanimite: avertissement : délibération 22_112 (séance du 29 juin 2022) : le vote est indiqué « à l'unanimité » alors que le résultat est « à l'unanimité des suffrages exprimés » (pour 31, contre 0, abstention 2) ; l'acte voté est reproduit tel quel : s'il faut le corriger, c'est par une délibération rectificative (ou une rectification d'erreur matérielle)",
    ]


def test_outcome_and_wording() -> None:
    assert council.outcome(Vote(pour=32)).mention == "à l'unanimité"
    assert council.outcome(Vote(pour=30, abstention=2)).mention == \
        "à l'unanimité des suffrages exprimés"
    majority = council.outcome(Vote(pour=20, contre=10, abstention=2))
    assert (majority.adoptee, majority.mention) == (True, "à la majorité des suffrages exprimés")
    tie = council.outcome(Vote(pour=15, contre=15, president="pour"))
    assert (tie.adoptee, tie.voix_preponderante) == (True, True)
    assert not council.outcome(Vote(pour=15, contre=15, president="contre")).adoptee
    secret = council.outcome(Vote(mode="secret", pour=15, contre=15, president="pour"))
    assert (secret.adoptee, secret.voix_preponderante, secret.mention) == (False, False, "rejetée")
    assert not council.outcome(Vote(abstention=30)).adoptee


def test_votes_by_name_must_be_present_or_represented(run: Run, workspace: Path) -> None:
    session(workspace, "2022-09-30", 20, vote="{pour: [" + ", ".join(MEMBERS[:19]) + ", perret]}")
    assert findings(run) == [
        "records/deliberations/22_200.yaml:6: vote.pour[19]: délibération 22_200 (séance du 30 septembre 2022) : Gérard PERRET n'est ni présent(e) ni représenté(e) lors de ce vote"]


def test_convocation_delay(run: Run, workspace: Path) -> None:
    session(workspace, "2022-09-30", 20, convocation="2022-09-24")  # 5 jours francs
    assert findings(run) == []
    session(workspace, "2022-09-30", 20, convocation="2022-09-26")  # 3 jours francs
    assert findings(run) == [
        "records/seances/test.yaml:5: convocation: séance du 30 septembre 2022 : convocation du 26 septembre 2022, soit 3 jour(s) franc(s) ; il en faut au moins 5 (une commune de l'EPCI compte 3 500 habitants ou plus (Saint-Laurent-du-Pont))"]
    session(workspace, "2022-09-30", 20, convocation="2022-09-28", extra="urgence: oui\n")
    assert findings(run) == []
    edit(workspace, "records/communes.yaml", "population: 4560", "population: 3400")
    session(workspace, "2022-09-30", 20, convocation="2022-09-26")
    assert findings(run) == []


def test_conflict_of_interest_is_a_warning(run: Run, workspace: Path) -> None:
    edit(workspace, D113, "  pour: 30\n  ne_prend_pas_part: [boursier, rey]", "  pour: 32")
    result = run("check")
    assert result.exit_code == 0
    assert new_findings(result).splitlines() == [
        "records/deliberations/22_113.yaml:54: vote: avertissement : délibération 22_113 (séance du 29 juin 2022) : Suzy REY siège au conseil d'administration d'un gestionnaire intéressé par cette délibération (Association d'Animation pour le Développement des Entremonts en Chartreuse (AADEC)) ; elle ne devrait pas prendre part au vote (L2131-11)",
        "records/deliberations/22_113.yaml:54: vote: avertissement : délibération 22_113 (séance du 29 juin 2022) : Céline BOURSIER siège au conseil d'administration d'un gestionnaire intéressé par cette délibération (Centre Social des Pays du Guiers (CSPG)) ; elle ne devrait pas prendre part au vote (L2131-11)",
    ]


def test_departure_during_the_session(run: Run, workspace: Path) -> None:
    edit(workspace, SEANCE, "deliberations: [22_112, 22_113]",
         "mouvements:\n  - {elu: giraud, depart_avant: 22_113}\n"
         "deliberations: [22_112, 22_113]")
    edit(workspace, D113, "pour: 30", "pour: 29")
    assert findings(run) == []
    records = checked_records(Workspace(workspace))
    seance, d113 = records.seance("2022-06-29"), records.deliberation("22_113")
    assert seance and d113
    assert len(council.attendance(records.roster, seance, d113).presents) == 24


def test_deliberation_number_reused_or_malformed(run: Run, workspace: Path) -> None:
    write(workspace, "records/deliberations/copie.yaml", (workspace / D113).read_text())
    assert "records/deliberations/copie.yaml:4: numero: numéro 22_113 déjà utilisé (records/deliberations/22_113.yaml:4) : un numéro ne sert qu'une fois" in load_findings(run("check")).splitlines()
    edit(workspace, "records/deliberations/copie.yaml", "numero: 22_113", "numero: 22-113")
    assert load_findings(run("check")).splitlines() == [
        "records/deliberations/copie.yaml:4: numero: format invalide « 22-113 » : numéro d'acte @ctes de 1 à 15 caractères (majuscules, chiffres et _, sans _ au début ni à la fin), ex. 22_112"]


def test_suppleant_sits_only_without_titulaire(run: Run, workspace: Path) -> None:
    edit(workspace, SEANCE, "presents: [buttard,", "presents: [vivet, buttard,")
    edit(workspace, D112, "pour: 32", "pour: 33")
    edit(workspace, D113, "pour: 30", "pour: 31")
    found = findings(run)
    assert "records/seances/2022-06-29.yaml:13: presents[0]: séance du 29 juin 2022 : le suppléant Nicole VIVET ne siège qu'en l'absence de son titulaire, Hervé BUTTARD, sans pouvoir donné" in found
    # the figures written in 22_112 (Présents : 25) no longer match: warnings
    assert all("suppléant" in line or "chiffres" in line or "liste_presents" in line
               for line in found)


def test_transmission_must_match_the_act(run: Run, workspace: Path) -> None:
    edit(workspace, D112, "id_actes: 038-200040111-20220705-22_112-DE",
         "id_actes: 038-200040111-20220705-22_111-DE")
    assert findings(run) == [
        "records/deliberations/22_112.yaml:97: transmission.id_actes: délibération 22_112 (séance du 29 juin 2022) : l'identifiant 038-200040111-20220705-22_111-DE ne correspond pas à cet acte (attendu 038-200040111-…-22_112-DE)"]


def test_convention_cites_an_existing_deliberation(run: Run, workspace: Path) -> None:
    edit(workspace, "records/conventions/cff-2022-cccc-paj.yaml", "numero: 22_113", "numero: 22_114")
    assert findings(run) == [
        "records/conventions/cff-2022-cccc-paj.yaml:7: deliberation.numero: délibération 22_114 absente de records/deliberations/"]


def test_reference_records_hold_the_seed_council() -> None:
    text = (REPO / SEANCE).read_text(encoding="utf-8")
    assert "{mandant: Nathalie HENNER, mandataire: Jean Paul SIRAND PUGNET}" in text
    records = checked_records(Workspace(REPO))
    assert len(records.roster.in_office(dt.date(2022, 6, 29))) == 36


def test_suppleant_sits_for_an_absent_titulaire(run: Run, workspace: Path) -> None:
    edit(workspace, SEANCE, "presents: [buttard,", "presents: [vivet,")
    edit(workspace, SEANCE, "deliberations: [22_112, 22_113]",
         "absents: [buttard]\ndeliberations: [22_112, 22_113]")
    edit(workspace, D112, "Hervé BUTTARD (Corbel)", "Nicole VIVET (Corbel)")
    assert findings(run) == []
    records = checked_records(Workspace(workspace))
    seance, d112 = records.seance("2022-06-29"), records.deliberation("22_112")
    assert seance and d112
    figures = council.attendance(records.roster, seance, d112)
    assert (figures.en_exercice, len(figures.presents), figures.votants) == (36, 25, 32)


def test_visioconference_counts_for_the_quorum(run: Run, workspace: Path,
                                               tmp_path: Path) -> None:
    session(workspace, "2022-09-30", 17, extra="visio: [durand, billon]\n", vote="{pour: 19}")
    assert findings(run) == []
    result = run("deliberation", "22_200", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    from .conftest import docx_text

    text = docx_text(tmp_path / "deliberation-22_200.docx")
    assert "Présents : 19 – Pouvoirs : 0 – Votants : 19" in text
    assert "Présents par visioconférence : Sylvie DURAND (La Bauche) ; Marc BILLON (Entre-deux-Guiers)" in text


def test_second_convocation_is_stated_in_the_extract(run: Run, workspace: Path,
                                                     tmp_path: Path) -> None:
    session(workspace, "2022-09-30", 10, extra="seconde_convocation: oui\npremiere_seance: 2022-06-29\n")
    assert findings(run) == []
    assert run("deliberation", "22_200", "--no-pdf", "--out", str(tmp_path)).exit_code == 0
    from .conftest import docx_text

    assert ("Le quorum n'ayant pas été atteint lors de la séance du 29 juin 2022, le Conseil, "
            "convoqué une seconde fois, délibère valablement sans condition de quorum") in \
        docx_text(tmp_path / "deliberation-22_200.docx")
