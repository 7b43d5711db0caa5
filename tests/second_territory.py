"""A made-up territory, different from Cœur de Chartreuse in every word that varies."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import REPO, write

# Words that belong to the reference territory and must never appear in its documents.
REFERENCE_WORDS = ["Chartreuse", "CCCC", "LENFANT", "Grenoble", "Isère", "Savoie",
                   "Guiers", "200040111", "Entre-deux"]


def make(root: Path) -> Path:
    shutil.copytree(REPO / "templates", root / "templates")
    write(root, "records/territoire.yaml", """
        epci:
          id: ccvi
          nom: Communauté de communes du Val Imaginaire
          sigle: CCVI
          siren: 241100106
          siret: 24110010600004
          adresse: {lignes: [12 avenue des Tilleuls], code_postal: 11000, commune: Belcastel}
          departement_siege: 11
          departements: [11]
          president: {civilite: M., prenom: Marc, nom: DUPRAT, qualite: Président}
          signataire_delegue:
            civilite: Mme
            prenom: Inès
            nom: SALVAT
            qualite: Vice-présidente déléguée à la petite enfance
            delegation: arrêté n° 2023-014 du 2 février 2023
          ville_signature: Belcastel
        tribunal_administratif:
          nom: Tribunal administratif de Montpellier
          adresse: {lignes: [6 rue Pitot], code_postal: 34063, commune: Montpellier Cedex 2}
        ctg:
          intitule: Convention Territoriale Globale du Val Imaginaire
          debut: 2024-01-01
          fin: 2027-12-31
        cafs:
          - id: caf11
            nom: Caisse d'allocations familiales de l'Aude
            departement: 11
            adresse: {lignes: [2 rue Jacquard], code_postal: 11000, commune: Carcassonne}
    """)
    write(root, "records/communes.yaml", """
        communes:
          - insee: 11999
            nom: Les Aubrais
            code_postal: 11400
            departement: 11
            population: 2100
            maire: {civilite: Mme, prenom: Rose, nom: TAILLEFER, qualite: Maire}
            adresse_mairie: {lignes: [Place de la République], code_postal: 11400, commune: Les Aubrais}
            siret: 21119990600002
    """)
    write(root, "records/gestionnaires/lutins.yaml", """
        id: lutins
        nom: Les Lutins & Cie
        forme: association
        siret: 77941000000011
        adresse: {lignes: [3 chemin du Moulin], code_postal: 11400, commune: Les Aubrais}
        representant: {civilite: M., prenom: Paul, nom: ROUQUET, qualite: Président}
        services:
          - id: lutins-creche
            rubrique: EAJE
            libelle: Multi-accueil
            nom: Les Lutins
            ouverture: [Du lundi au vendredi]
            soutiens: [ccvi, 11999]
            implantations:
              - adresse: {lignes: [3 chemin du Moulin], code_postal: 11400, commune: Les Aubrais}
    """)
    write(root, "records/conventions/ccvi-lutins.yaml", """
        id: CFF-CCVI-LUTINS
        financeur: ccvi
        gestionnaire: lutins
        debut: 2024-01-01
        fin: 2025-12-31
        deliberation: {numero: 2023_88, date: 2023-12-12, objet: Convention avec Les Lutins}
        montants:
          - {annee: 2024, montant: 30000.10}
          - {annee: 2025, montant: 31000}
        versements:
          - {part: 100, echeance: 30/04}
    """)
    write(root, "records/conventions/aubrais-lutins.yaml", """
        id: CFF-AUBRAIS-LUTINS
        financeur: 11999
        gestionnaire: lutins
        debut: 2024-01-01
        fin: 2024-12-31
        deliberation: {numero: 2023_12, date: 2023-11-30, objet: Convention avec Les Lutins}
        montants:
          - {annee: 2024, montant: 5000}
        versements:
          - {part: 50, echeance: 31/03}
          - {part: 50, echeance: 30/09}
    """)
    return root
