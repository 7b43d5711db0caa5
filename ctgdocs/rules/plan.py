"""The arbre à objectifs: coherent numbering, and summaries that agree with the tree."""

from __future__ import annotations

from ..council import normalize_name
from ..errors import Finding
from ..models.conseil import LigneSynthese
from ..records import Records
from .council import RECTIFY, voted_level


def check_plan(records: Records) -> list[Finding]:
    findings: list[Finding] = []
    plan = records.plan
    if plan is not None:
        for objectif in plan.objectifs:
            for decline in objectif.declines:
                for operationnel in decline.operationnels:
                    if decline.numero and not operationnel.numero.startswith(
                            f"{decline.numero}-"):
                        findings.append(records.finding(
                            operationnel, "numero", f"l'objectif opérationnel "
                            f"{operationnel.numero} est rangé sous l'objectif décliné "
                            f"{decline.numero}"))
    for deliberation in records.deliberations:
        for bloc in deliberation.considerants:
            if (bloc.synthese_plan_action or bloc.synthese) and plan is None:
                findings.append(records.finding(
                    bloc, None, f"délibération {deliberation.numero} : la synthèse de l'arbre à "
                    "objectifs demande le fichier records/plan-action.yaml"))
            elif bloc.synthese and plan is not None:
                findings += _compare(records, deliberation.numero, bloc.synthese,
                                     plan.synthese(), deliberation.votee)
    return findings


def _compare(records: Records, numero: str, stated: list[LigneSynthese],
             tree: list[tuple[str, list[str]]], voted: bool) -> list[Finding]:
    """Differences between a summary copied in an act and the tree: warnings for a voted
    act (reproduced as voted), errors for a projet."""
    level = voted_level(voted)
    note = RECTIFY if voted else ""
    findings = []
    by_general = {normalize_name(general): (general, declines) for general, declines in tree}
    for line in stated:
        found = by_general.get(normalize_name(line.objectif_general))
        if found is None:
            findings.append(records.finding(
                line, "objectif_general", f"délibération {numero} : la synthèse cite l'objectif "
                f"général « {line.objectif_general} », absent de l'arbre à objectifs" + note,
                level))
            continue
        general, declines = found
        for position, text in enumerate(line.objectifs_declines):
            expected = declines[position] if position < len(declines) else None
            if expected is None or normalize_name(expected) != normalize_name(text):
                tree_says = f"l'arbre à objectifs dit « {expected} »" if expected else \
                    "l'arbre à objectifs n'en a pas"
                findings.append(records.finding(
                    line, ("objectifs_declines", position), f"délibération {numero} : la "
                    f"synthèse indique « {text} » sous « {general} », {tree_says}" + note, level))
        for missing in declines[len(line.objectifs_declines):]:
            findings.append(records.finding(
                line, "objectifs_declines", f"délibération {numero} : la synthèse omet "
                f"« {missing} » sous « {general} »" + note, level))
    return findings
