"""The Annexe 2 of the CTG Cœur de Chartreuse (délibération 22_112), typed from the seed
document (../shared/reference/000_fb650ef3e8278dfa.txt), independently of records/.

Each entry: (collectivité heading, rubrique, label, opening days, texts of the right-hand
column: service name, gestionnaire, addresses, implantations). Spelling is the seed's.
Where the seed contradicts itself (the CSPG is at "1 place Charles Hérold" in the LAEP row
and "1, rue Charles Hérold" in the ALSH rows), only the common part is typed.
"""

from __future__ import annotations

Entry = tuple[str, str, str, list[str], list[str]]

CCCC = "Communauté de Communes Cœur de Chartreuse"
CSPG = ["Centre Social des Pays du Guiers", "Charles Hérold", "38 380 St-Laurent du Pont"]
AADEC = ["Association d'Animation pour le Développement des Entremonts en Chartreuse (AADEC)",
         "Maison Intercommunale - 73670 St Pierre d'Entremont"]
PAJ = ["Pour l'action Jeunes (PAJ)", "4, place du 10e groupement - 38380 St Laurent du Pont"]
AFR = ["Association Familles Rurales - Fédération de l'Isère (AFR)",
       "Place Bièvre toutes Aures - 38590 St Etienne de St Geoirs",
       "Parc des sports - 38380 Entre-Deux-Guiers"]
ADOS = ["Mercredis", "Vendredis, Samedis", "Petites vacances", "Grandes vacances"]

SEED: list[Entry] = [
    (CCCC, "EAJE", "Halte-Garderie itinérante", ["Lundi", "Mardi", "Jeudi", "Vendredi"],
     ["fiche monenfant.fr à jour", "Bébébus",
      "Gestionnaire : Communauté de Communes Cœur de Chartreuse",
      "ZI Chartreuse Guiers", "Pôle Tertiaire", "38 380 Entre-Deux Guiers"]),
    (CCCC, "EAJE", "EAJE", [],
     ["Les Titounets de Chartreuse", "2 Place du 19 mars 1962 38 380 Saint-Laurent du Pont"]),
    (CCCC, "EAJE", "EAJE", [],
     ["Les Petits Chartreux", "Le Bourg 38 134 Saint-Joseph de Rivière"]),
    (CCCC, "EAJE", "EAJE", [],
     ["Fées et Lutins", "Place de l'église 38 380 St-Pierre de Chartreuse"]),
    (CCCC, "LAEP", "LAEP", ["Lundi matin", "Jeudi matin"],
     ["La P'tite Pause", *CSPG, "lundi", "RPE « A Petits Pas »",
      "Place du 19 mars 1962 38 380 Saint-Laurent du Pont", "jeudi", "Bibliothèque",
      "Tour de la Commanderie", "1 rue Jean Jacques Rousseau", "73 360 Les Echelles"]),
    (CCCC, "LAEP", "LAEP", ["Mardi matin"],
     ["Entremonts et Mômes", "AADEC", "Maison intercommunale 73 670 Saint-Pierre d'Entremont",
      "mardi", "Le Bourg 73 670 Entremont le Vieux"]),
    (CCCC, "RPE", "RPE", [],
     ["fiche monenfant.fr à jour", "Relais Petite Enfance Cœur de Chartreuse",
      "Gestionnaire : Communauté de Communes Cœur de Chartreuse",
      "Espace RPE « A Petits Pas »", "2 Place du 19 mars 1962", "38 380 Saint-Laurent du Pont",
      "Espace RPE « Ma Chouette Nounou »", "Salle des Fêtes", "St-Thibaud de Couz",
      "Espace RPE « Les Oursons de Chartreuse »", "Le Bourg", "73 670 Entremont le Vieux"]),
    (CCCC, "ALSH", "AL Extrascolaire 3-12 ans", ["Petites vacances", "Août"],
     [*CSPG, "Accueil de Loisirs « Le dé en bulle »",
      "381, rue du bourg - 38380 Miribel les Echelles"]),
    (CCCC, "ALSH", "AL Périscolaire 3-12 ans", ["Mercredis"],
     [*CSPG, "Accueil de Loisirs « Le dé en bulle »",
      "381, rue du bourg - 38380 Miribel les Echelles"]),
    (CCCC, "ALSH", "AL Extrascolaire 3-12 ans", ["Petites vacances", "Juillet"],
     [*AADEC, "Accueil de Loisirs", "Lieu-dit Le Bourg"]),
    (CCCC, "ALSH", "AL Périscolaire 3-12 ans", ["Mercredis"],
     [*AADEC, "Accueil de Loisirs", "Lieu-dit Le Bourg"]),
    (CCCC, "ALSH", "AL Ados 11-17 ans", ADOS, [*PAJ, "PAJ"]),
    (CCCC, "ALSH", "AL Ados 11-17 ans", ADOS,
     [*PAJ, "FORUM", "47, rue Jean Jacques Rousseau - 73360 Les Echelles"]),
    (CCCC, "ALSH", "AL Ados 11-17 ans", ADOS,
     [*AADEC, "Accueil de Loisirs", "Maison Hermesende - 73670 St Pierre d'Entremont"]),
    ("Commune St-Laurent-du-Pont", "ALSH", "AL Périscolaire 3-12 ans",
     ["Du lundi au vendredi", "Soir"],
     ["Commune de St Laurent du Pont", "1, place de la mairie - 38380 St Laurent du Pont",
      "Ecole du Bourg - 3, rue Paul Bert - 38380 St Laurent du Pont",
      "Ecole de la Plaine - 10, Avenue du Commandant Lherminier - 38380 St Laurent du Pont"]),
    ("Commune St-Laurent-du-Pont", "ALSH", "AL Extrascolaire 3-12 ans", ["Juillet"],
     [*CSPG, "Ecole de la plaine - 10, Avenue du Commandant Lherminier - 38380 St Laurent du "
      "Pont"]),
    ("Commune St-Joseph-de-Rivière", "ALSH", "AL Périscolaire 3-12 ans",
     ["Du lundi au vendredi", "Matin", "Soir"],
     ["Commune de St Joseph de Rivière", "2, Place de la Mairie - 38134 St Joseph de Rivière",
      "Ecole Primaire - Le Bourg - 38134 St Joseph de Rivière",
      "7, place de la mairie - 38134 St Joseph de Rivière"]),
    ("Commune St-Joseph-de-Rivière", "ALSH", "AL Périscolaire 3-12 ans", ["Mercredis"],
     ["Association « Sac à Jouets »", "7, place de la mairie - 38134 St Joseph de Rivière"]),
    ("Commune St-Joseph-de-Rivière", "ALSH", "AL Extrascolaire 3-12 ans", ["Juillet"],
     ["Association « Sac à Jouets »", "7, place de la mairie - 38134 St Joseph de Rivière"]),
    ("Commune d'Entre-Deux-Guiers", "ALSH", "AL Périscolaire 3-12 ans",
     ["Du lundi au vendredi", "Matin", "Pause méridienne", "Soir"],
     ["Commune d'Entre-Deux-Guiers", "Place du 11 Novembre 1918 - 38380 Entre-Deux-Guiers",
      "Ecole Primaire - Place du 11 Novembre 1918 - 38380 Entre-Deux-Guiers"]),
    ("Commune d'Entre-Deux-Guiers", "ALSH", "AL Extrascolaire 3-12 ans", ["Juillet"], AFR),
    ("Communes des Echelles", "ALSH", "AL Extrascolaire 3-12 ans", ["Juillet"], AFR),
    ("Commune Miribel-Les-Echelles", "ALSH", "AL Extrascolaire 3-12 ans", ["Juillet"],
     ["Association Familles Rurales de Miribel",
      "Ancienne Ecole Maternelle - 381, rue du bourg - 38380 Miribel les Echelles"]),
    ("Commune St-Pierre-de-Chartreuse", "ALSH", "AL Périscolaire 3-12 ans",
     ["Du lundi au vendredi", "Matin", "Soir"],
     ["Commune de St Pierre de Chartreuse", "8, place de la Mairie - 38380 - St Pierre de "
      "Chartreuse", "L'école élémentaire des 4 montagnes – 38380 St Pierre de Chartreuse"]),
]
