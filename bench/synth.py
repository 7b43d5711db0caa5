"""Synthetic workspaces for the benchmark: seeded, valid for ``ctgdocs check``, any size.

A workspace is the reference one (territory, communes, élus, séances, délibérations,
templates; its ``exemple:`` lists removed, as in a territory's real records) plus N
generated gestionnaires with one to three services each, drawn from the reference services;
each gestionnaire gets a funding convention with the communauté de communes (its services
follow the Annexe 2's voted order, by name), and each group of up to 50 conventions is
approved by a generated délibération of a generated séance. Same seed, same workspace.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
GROUP = 50  # conventions approved by one generated délibération
# A top-level "exemple:" key and its indented list, in the reference records.
_EXEMPLE = re.compile(r"^exemple:.*\n(?:[ \t]+.*\n)*", re.MULTILINE)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siret(rng: random.Random) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check."""
    while True:
        siren = f"{rng.randrange(10**8):08d}"
        siren += next(d for d in "0123456789" if luhn_ok(siren + d))
        if siren[0] == "0":
            continue
        base = f"{siren}{rng.randrange(1, 10**4):04d}"
        for last in "0123456789":
            if luhn_ok(base + last):
                return base + last


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """A copy without the ``exemple:`` marks (generated data stands for real data)."""
    record = copy.deepcopy(record)
    record.pop("exemple", None)
    return record


def make_workspace(target: Path, gestionnaires: int, seed: int = 1) -> Path:
    """Write a workspace with ``gestionnaires`` generated gestionnaires into ``target``."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "records", target / "records")
    for path in (target / "records").rglob("*.yaml"):  # stands for real data: no exemple:
        text = path.read_text(encoding="utf-8")
        path.write_text(_EXEMPLE.sub("", text), encoding="utf-8")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copy(ROOT / "ctgdocs.toml", target / "ctgdocs.toml")
    records = target / "records"
    services = [service for path in sorted((records / "gestionnaires").glob("*.yaml"))
                for service in _load(path).get("services", [])]
    communes = [c for c in _load(records / "communes.yaml")["communes"]]
    convention_pattern = _plain(_load(records / "conventions" / "cff-2022-cccc-aadec.yaml"))
    names: list[tuple[str, str, list[dict[str, Any]]]] = []
    for index in range(1, gestionnaires + 1):
        ident = f"synth-{index:04d}"
        commune = rng.choice(communes)
        chosen = rng.sample(services, rng.randint(1, 3))
        own = []
        for number, service in enumerate(chosen, start=1):
            service = copy.deepcopy(service)
            service["id"] = f"{ident}-{number}"
            service["soutiens"] = ["cccc"]
            own.append(service)
        nom = f"Association synthétique n° {index}"
        _dump(records / "gestionnaires" / f"{ident}.yaml", {
            "id": ident, "nom": nom, "sigle": f"AS{index}", "forme": "association",
            "siret": int(siret(rng)),
            "adresse": {"lignes": [f"{rng.randint(1, 120)}, rue des Écoles"],
                        "code_postal": commune["code_postal"], "commune": commune["nom"]},
            "representant": {"civilite": rng.choice(["M.", "Mme"]), "prenom": "Camille",
                             "nom": f"DURAND-{index}", "qualite": "Président(e)"},
            "services": own})
        amounts = [rng.randrange(5_000, 120_000, 500) for _ in range(4)]
        names.append((ident, nom, [{"annee": 2022 + year, "montant": amount}
                                   for year, amount in enumerate(amounts)]))
    _conventions(records, convention_pattern, names)
    return target


def _conventions(records: Path, pattern: dict[str, Any],
                 names: list[tuple[str, str, list[dict[str, Any]]]]) -> None:
    """One convention a gestionnaire; a séance and a délibération for each group of them."""
    seance_pattern = _load(records / "seances" / "2024-03-27.yaml")
    deliberation_pattern = _plain(_load(records / "deliberations" / "22_113.yaml"))
    for group, start in enumerate(range(0, len(names), GROUP), start=1):
        day = dt.date(2022, 7, 1) + dt.timedelta(days=7 * group)
        number = f"22_{500 + group}"
        objet = (f"Conventions de fonctionnement et de financement 2022-2025, "
                 f"lot synthétique n° {group}")
        members = names[start:start + GROUP]
        subventions = []
        annexes = []
        for ident, nom, amounts in members:
            convention = copy.deepcopy(pattern)
            convention["id"] = f"CFF-2022-CCCC-{ident.upper()}"
            convention["gestionnaire"] = ident
            convention["montants"] = amounts
            convention["deliberation"] = {"numero": number, "date": day, "objet": objet}
            _dump(records / "conventions" / f"cff-2022-cccc-{ident}.yaml", convention)
            subventions.append({"beneficiaire": nom, "convention": convention["id"],
                                "montants": amounts})
            annexes.append({"titre": f"Convention {convention['id']} ({nom})",
                            "document": convention["id"]})
        seance = copy.deepcopy(seance_pattern)
        seance.pop("exemple", None)
        seance.update({"id": day.isoformat(), "date": day, "heure": "18:30",
                       "convocation": day - dt.timedelta(days=7), "deliberations": [number]})
        _dump(records / "seances" / f"{day.isoformat()}.yaml", seance)
        deliberation = copy.deepcopy(deliberation_pattern)
        deliberation.update({"numero": number, "seance": day, "objet": objet,
                             "subventions": subventions, "annexes": annexes})
        deliberation["vote"] = {"pour": len(seance.get("presents", [])) +
                                len(seance.get("pouvoirs", []) or [])}
        deliberation.pop("transmission", None)
        _dump(records / "deliberations" / f"{number}.yaml", deliberation)
