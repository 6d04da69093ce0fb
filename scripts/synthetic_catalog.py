#!/usr/bin/env python3
"""Write a valid synthetic ADS catalogue of N modules, for benchmarks and scale tests.

The output has the same layout and YAML format as ``catalog/`` (taxonomy copied from the real
catalogue, competences, partners, personas with their job titles, one file per module), with
realistic French text, 1 to 3 levels per module and dated sessions. Competences, partners,
personas and job titles grow with N. The same seed always gives the same files on a given day
(dates are relative to today).

    python scripts/synthetic_catalog.py --modules 1000 --out /tmp/catalogue-1000
    python scripts/build_catalog.py --check --catalogue /tmp/catalogue-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper (C when available) writing multi-line text as literal blocks, like catalog/."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


Dumper.add_representer(str, _text)
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: the repository root, then imports by full name
    sys.path.insert(0, str(REPO))
from ads_catalog.urls import derived_code  # noqa: E402

LEVELS = ("acculturation", "fondamentaux", "approfondissement", "expert")
FORMATS = ("e-learning", "classe-virtuelle", "presentiel", "mixte")
SYNCHRONOUS = ("classe-virtuelle", "presentiel", "mixte")
TODAY = dt.date.today()  # sessions and review dates stay current, so the validator has nothing to warn about

# --- French phrase banks ------------------------------------------------------------------------

TOPICS: dict[str, list[str]] = {
    "ecosysteme-numerique": [
        "le Ségur du numérique en santé",
        "Mon espace santé",
        "la doctrine du numérique en santé",
        "France 2030",
        "l'Agence du numérique en santé",
        "l'espace européen des données de santé",
    ],
    "outils-collaboration": [
        "les outils collaboratifs",
        "le travail hybride",
        "les messageries sécurisées de santé",
        "le dossier médical partagé",
        "les réunions à distance",
        "la gestion documentaire",
    ],
    "communication-digitale": [
        "les réseaux sociaux en santé",
        "le webinaire scientifique",
        "l'e-mailing aux médecins",
        "la charte de l'information promotionnelle",
        "les contenus vidéo",
        "le site produit",
    ],
    "telesante": [
        "la téléconsultation",
        "la télésurveillance",
        "le suivi connecté du patient",
        "la téléexpertise",
        "les objets connectés de santé",
        "le télésoin",
    ],
    "donnees-sante": [
        "le RGPD appliqué aux données de santé",
        "l'hébergement HDS",
        "l'analyse d'impact",
        "les méthodologies de référence de la CNIL",
        "la pseudonymisation",
        "le registre des traitements",
    ],
    "donnees-vie-reelle": [
        "le SNDS",
        "le Health Data Hub",
        "les entrepôts de données hospitaliers",
        "les études en vie réelle",
        "les registres de patients",
        "les données de vie réelle",
    ],
    "data-science": [
        "la data literacy",
        "la biostatistique",
        "la visualisation de données",
        "les tableaux de bord",
        "l'analyse reproductible",
        "la qualité des données",
    ],
    "intelligence-artificielle": [
        "l'intelligence artificielle",
        "l'IA générative",
        "le règlement européen sur l'IA",
        "l'apprentissage automatique",
        "les grands modèles de langage",
        "la gouvernance de l'IA",
    ],
    "rd-augmentee": [
        "la modélisation in silico",
        "les jumeaux numériques",
        "le criblage virtuel",
        "la conception de molécules assistée par IA",
        "la recherche translationnelle",
        "la bio-informatique",
    ],
    "essais-decentralises": [
        "les essais cliniques décentralisés",
        "l'eConsent",
        "les données électroniques d'essai",
        "le suivi à domicile",
        "les systèmes informatisés validés",
        "les ePRO",
    ],
    "usine-4-0": [
        "l'intégrité des données",
        "la maintenance prédictive",
        "le dossier de lot électronique",
        "l'automatisation des lignes",
        "la traçabilité",
        "le pilotage de la production par la donnée",
    ],
    "pharmacovigilance-reglementaire": [
        "la pharmacovigilance",
        "la détection du signal",
        "la veille réglementaire",
        "les soumissions électroniques",
        "la matériovigilance",
        "l'IDMP",
    ],
    "dispositifs-numeriques": [
        "les dispositifs médicaux numériques",
        "les thérapies numériques",
        "le marquage CE",
        "la prise en charge anticipée PECAN",
        "la LATM",
        "le diagnostic in vitro",
    ],
    "engagement-omnicanal": [
        "l'engagement omnicanal",
        "la relation avec les professionnels de santé",
        "le CRM",
        "la visite à distance",
        "la mesure de l'engagement",
        "le parcours client",
    ],
    "cybersecurite": [
        "la cybersécurité",
        "l'hameçonnage",
        "la gestion des incidents",
        "les rançongiciels",
        "la sécurité des objets connectés",
        "la continuité d'activité",
    ],
    "ethique-conformite": [
        "l'éthique du numérique",
        "le numérique responsable",
        "la conformité des projets",
        "l'accessibilité numérique",
        "l'écoconception de services",
        "la transparence des algorithmes",
    ],
    "innovation-changement": [
        "la conduite du changement",
        "les méthodes agiles",
        "le design thinking",
        "l'innovation ouverte",
        "le management de la transformation",
        "l'intrapreneuriat",
    ],
}
ANGLES = [
    "les bases",
    "les enjeux pour l'entreprise",
    "les bonnes pratiques",
    "la mise en œuvre",
    "le cadre réglementaire",
    "les cas d'usage",
    "la boîte à outils",
    "l'essentiel pour les managers",
    "les méthodes avancées",
    "retours d'expérience",
    "piloter un projet",
    "les pièges à éviter",
    "en pratique",
    "les indicateurs clés",
]
AUDIENCES = [
    "tous les collaborateurs",
    "les équipes terrain",
    "les managers",
    "les équipes projet",
    "les experts métier",
    "les équipes qualité",
    "les fonctions support",
    "les équipes de recherche",
    "les équipes médicales",
]
VERBS = [
    "Identifier",
    "Expliquer",
    "Appliquer",
    "Analyser",
    "Évaluer",
    "Mettre en œuvre",
    "Piloter",
    "Décrire",
    "Comparer",
    "Concevoir",
    "Documenter",
    "Choisir",
    "Repérer",
    "Sécuriser",
    "Mesurer",
]
OBJECT_TAILS = [
    "dans son activité quotidienne",
    "au sein d'un projet",
    "en respectant le cadre réglementaire",
    "avec les partenaires externes",
    "auprès des professionnels de santé",
    "à l'échelle de l'entreprise",
    "en lien avec les équipes informatiques",
    "pour les patients",
]
CITIES = ["Paris", "Lyon", "Lille", "Marseille", "Bordeaux", "Toulouse", "Nantes", "Strasbourg", "Rennes", "Orléans"]
JOB_BASES = [
    "Chargé / chargée d'études",
    "Chef / cheffe de projet",
    "Responsable",
    "Technicien / technicienne",
    "Ingénieur / ingénieure",
    "Attaché / attachée",
    "Coordinateur / coordinatrice",
    "Analyste",
    "Délégué / déléguée",
    "Consultant / consultante",
    "Gestionnaire",
    "Directeur / directrice",
    "Assistant / assistante",
    "Auditeur / auditrice",
    "Spécialiste",
    "Référent / référente",
]
JOB_FIELDS = [
    "affaires réglementaires",
    "pharmacovigilance",
    "marketing",
    "production",
    "qualité",
    "données",
    "recherche clinique",
    "accès au marché",
    "information médicale",
    "maintenance",
    "logistique",
    "formation",
    "achats",
    "conformité",
    "systèmes d'information",
    "communication",
    "biostatistique",
    "vente hospitalière",
    "validation",
    "développement analytique",
]
JOB_SECTORS = [
    "",
    "en dispositifs médicaux",
    "en diagnostic in vitro",
    "en biotechnologie",
    "en vaccins",
    "en santé animale",
    "en oncologie",
    "en maladies rares",
    "hospitalier",
    "en santé numérique",
    "en médicaments dérivés du sang",
    "en radiopharmacie",
]
PARTNER_KINDS = ["Université", "École", "Institut", "Campus", "Centre de formation", "Académie"]
PARTNER_PLACES = [
    "de Lyon",
    "de Bordeaux",
    "du Grand Est",
    "de Normandie",
    "d'Occitanie",
    "de Bretagne",
    "du Nord",
    "de Provence",
    "d'Auvergne",
    "de Bourgogne",
    "de Touraine",
    "des Pays de la Loire",
]


def fold_id(text: str) -> str:
    """A ``[a-z0-9-]`` identifier made from French text."""
    plain = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe")).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return "-".join(words)


def sentence(text: str) -> str:
    return text[0].upper() + text[1:]


# --- Scaling ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    modules: int
    competences: int
    partners: int
    personas: int
    jobs_per_persona: int

    @classmethod
    def for_modules(cls, modules: int) -> Sizes:
        personas = max(6, round(2 * math.sqrt(modules)))
        return cls(
            modules=modules,
            competences=min(500, 34 + modules // 20),
            partners=min(300, 7 + modules // 50),
            personas=personas,
            jobs_per_persona=min(40, max(5, 150 // personas + 1)),
        )


# --- Builders -----------------------------------------------------------------------------------


class Generator:
    """Draws every file's data from one seeded random source."""

    def __init__(self, sizes: Sizes, seed: int, taxonomy: dict[str, Any], partners: list[dict[str, Any]]) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.codes: set[int] = set()  # derived short codes taken (two modules may not share one)
        self.domains = [d["id"] for d in taxonomy["domaines"]]
        self.families = [f["id"] for f in taxonomy["familles"]]
        self.base_partners = partners
        self.competences_by_domain: dict[str, list[str]] = {d: [] for d in self.domains}

    def competences(self) -> list[dict[str, str]]:
        items = []
        for index in range(self.sizes.competences):
            domain = self.domains[index % len(self.domains)]
            topic = self.rng.choice(TOPICS.get(domain, ["le numérique en santé"]))
            verb, tail = self.rng.choice(VERBS), self.rng.choice(OBJECT_TAILS)
            competence_id = f"{f'{fold_id(verb)}-{fold_id(topic)}'[:50].strip('-')}-{index}"
            self.competences_by_domain[domain].append(competence_id)
            items.append({
                "id": competence_id,
                "titre": f"{verb} {topic} {tail}",
                "domaine": domain,
                "description": f"{sentence(topic)} : savoir {verb.lower()} ce qui compte {tail}, avec des exemples "
                               f"tirés des entreprises du médicament et des dispositifs médicaux.",
            })  # fmt: skip
        return items

    def partners(self) -> list[dict[str, str]]:
        items = list(self.base_partners)
        for index in range(self.sizes.partners - len(items)):
            name = (
                f"{PARTNER_KINDS[index % len(PARTNER_KINDS)]} {PARTNER_PLACES[index % len(PARTNER_PLACES)]} {index + 1}"
            )
            description = f"{name}, organisme de formation partenaire de l'Académie du Digital en Santé."
            items.append({"id": fold_id(name), "nom": name, "description": description})
        return items

    def module(self, index: int, partner_ids: list[str]) -> dict[str, Any]:
        rng = self.rng
        domain = self.domains[index % len(self.domains)]
        topic, angle, audience = rng.choice(TOPICS[domain]), rng.choice(ANGLES), rng.choice(AUDIENCES)
        title = f"{sentence(topic)} : {angle}"
        module_id = base = f"{fold_id(title)[:48].strip('-')}-{index}"
        while derived_code(module_id, set()) in self.codes:
            module_id = f"{module_id}-{base[0]}"
        self.codes.add(derived_code(module_id, set()))
        first = rng.choice((0, 0, 0, 1, 1, 2))
        count = min(rng.choice((1, 1, 2, 2, 3)), len(LEVELS) - first)
        levels = [self.level(LEVELS[first + k], domain, topic) for k in range(count)]
        data: dict[str, Any] = {
            "id": module_id,
            "titre": title,
            "resume": f"Comprendre et appliquer {topic} : {angle}, pour {audience}."[:200],
            "description": self.description(topic, audience, levels),
            "domaine": domain,
            "partenaires": rng.sample(partner_ids, rng.choice((1, 1, 1, 2))),
            "langue": rng.choices(("fr", "en"), (9, 1))[0],
            "statut": rng.choices(("disponible", "bientôt", "archivé"), (85, 10, 5))[0],
            "derniere_revue": (TODAY - dt.timedelta(days=rng.randrange(30, 500))).isoformat(),
            "inscription": f"https://ads.leem.org/inscription/{module_id}",
            "mots_cles": sorted({topic.split(" ", 1)[-1], domain.replace("-", " "), angle}),
            "niveaux": levels,
        }
        sessions = self.sessions(levels)
        if sessions:
            data["sessions"] = sessions
        return data

    def description(self, topic: str, audience: str, levels: list[dict[str, Any]]) -> str:
        lines = [
            f"Conçu pour {audience}, ce module présente **{topic}**. Il s'appuie sur des situations "
            f"concrètes rencontrées dans les entreprises du médicament, des dispositifs médicaux et du diagnostic.",
            "",
        ]
        for level in levels:
            fmt = ", ".join(level["formats"])
            lines.append(f"- **{sentence(level['niveau'])}** ({fmt}) : {level['objectifs'][0][:-1].lower()}.")
        return "\n".join(lines) + "\n"

    def level(self, level_id: str, domain: str, topic: str) -> dict[str, Any]:
        rng = self.rng
        rank = LEVELS.index(level_id)
        duration = rng.choice((20, 30, 45, 60, 90, 120, 180, 240, 420))
        formats = [rng.choices(FORMATS, (5, 3, 2, 1))[0]]
        if rng.random() < 0.2:
            formats = sorted({*formats, rng.choice(FORMATS)}, key=FORMATS.index)
        pool = self.competences_by_domain[domain] or [c for cs in self.competences_by_domain.values() for c in cs]
        gains = rng.sample(pool, min(len(pool), rng.choice((1, 1, 2, 3))))
        level: dict[str, Any] = {
            "niveau": level_id,
            "objectifs": [f"{rng.choice(VERBS)} {topic} {rng.choice(OBJECT_TAILS)}." for _ in range(rng.randint(2, 4))],
            "duree_minutes": duration,
        }
        if duration > 30 and rng.random() < 0.6:
            level["seance_max_minutes"] = min(duration, rng.choice((15, 30, 60, 120, 240)))
        level["formats"] = formats
        level["competences"] = [{"competence": c, "niveau": LEVELS[min(rank, 3)]} for c in gains]
        return level

    def sessions(self, levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
        items = []
        for level in levels:
            synchronous = [f for f in level["formats"] if f in SYNCHRONOUS]
            only_dated = len(synchronous) == len(level["formats"])
            count = self.rng.randint(1 if only_dated else 0, 3) if synchronous else 0
            for number in range(count):
                # a level followed only in sessions always has one open to registration
                days = self.rng.randrange(30, 400) if number == 0 and only_dated else self.rng.randrange(-300, 400)
                start = TODAY + dt.timedelta(days=days)
                fmt = self.rng.choice(synchronous)
                items.append({
                    "niveau": level["niveau"],
                    "format": fmt,
                    "ville": "En ligne" if fmt == "classe-virtuelle" else self.rng.choice(CITIES),
                    "debut": start.isoformat(),
                    "fin": (start + dt.timedelta(days=self.rng.choice((0, 0, 1)))).isoformat(),
                    "places": self.rng.choice((12, 15, 20, 25, 30)),
                    "date_limite_inscription": (start - dt.timedelta(days=self.rng.choice((7, 10, 14)))).isoformat(),
                })  # fmt: skip
        # the validator rejects two sessions of one level with the same format, start and city
        unique = {(s["niveau"], s["format"], s["debut"], s["ville"]): s for s in items}
        return sorted(unique.values(), key=lambda s: s["debut"])

    def personas(self, competence_ids: list[str]) -> list[dict[str, Any]]:
        titles = self._job_titles(self.sizes.personas * self.sizes.jobs_per_persona)
        items = []
        for index in range(self.sizes.personas):
            family = self.families[index % len(self.families)]
            field = JOB_FIELDS[index % len(JOB_FIELDS)]
            jobs = titles[index * self.sizes.jobs_per_persona : (index + 1) * self.sizes.jobs_per_persona]
            needs = self.rng.sample(competence_ids, min(len(competence_ids), self.rng.randint(5, 15)))
            items.append({
                "id": f"{fold_id(field)}-{index + 1}",
                "titre": f"Équipes {field} {index + 1}",
                "description": f"Les salariés de la fonction {field}, dont le poste change avec le numérique : "
                               f"nouveaux outils, nouvelles données et nouvelles règles à maîtriser.",
                "metiers": [{"titre": title, "famille": family} for title in jobs],
                "contraintes": self._constraints(),
                "besoins": [{"competence": c, "niveau": self.rng.choice(LEVELS[:3])} for c in needs],
            })  # fmt: skip
        return items

    def _constraints(self) -> dict[str, Any]:
        formats = sorted({"e-learning", *self.rng.sample(FORMATS, self.rng.randint(0, 3))}, key=FORMATS.index)
        return {
            "flexibilite": self.rng.choice(("faible", "moyenne", "forte")),
            "seance_max_minutes": self.rng.choice((30, 60, 120, 240, 480)),
            "formats": formats,
            "heures_par_an": self.rng.choice((8, 12, 20, 35, 50)),
        }

    def _job_titles(self, count: int) -> list[str]:
        titles = [
            f"{base} {field} {sector}".strip() for sector in JOB_SECTORS for field in JOB_FIELDS for base in JOB_BASES
        ]
        if count > len(titles):
            raise SystemExit(f"too many job titles requested ({count} > {len(titles)})")
        self.rng.shuffle(titles)
        return titles[:count]


# --- Output -------------------------------------------------------------------------------------


def dump(path: Path, data: dict[str, Any], schema: str) -> None:
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
    path.write_text(f"# yaml-language-server: $schema={schema}\n{text}", encoding="utf-8")


def write_catalogue(out: Path, modules: int, seed: int = 2026, source: Path = REPO / "catalog") -> Sizes:
    """Write the whole catalogue into ``out`` (replaced if it exists)."""
    sizes = Sizes.for_modules(modules)
    if out.exists():
        shutil.rmtree(out)
    (out / "modules").mkdir(parents=True)
    (out / "personas").mkdir()
    shutil.copy2(source / "taxonomie.yml", out / "taxonomie.yml")
    taxonomy = yaml.safe_load((source / "taxonomie.yml").read_text(encoding="utf-8"))
    base_partners = yaml.safe_load((source / "partenaires.yml").read_text(encoding="utf-8"))["partenaires"]
    generator = Generator(sizes, seed, taxonomy, base_partners)
    competences = generator.competences()
    dump(out / "competences.yml", {"competences": competences}, "../schemas/competences.schema.json")
    partners = generator.partners()
    dump(out / "partenaires.yml", {"partenaires": partners}, "../schemas/partenaires.schema.json")
    partner_ids = [p["id"] for p in partners]
    module_ids: list[str] = []
    codes: set[int] = set()
    for index in range(modules):
        data = generator.module(index, partner_ids)
        while (code := derived_code(data["id"], set())) in codes:  # the validator refuses equal short codes
            data["id"] += "-b"
        codes.add(code)
        if module_ids and generator.rng.random() < 0.2:
            data = _with_prerequisite(data, generator.rng.choice(module_ids[-50:]))
        module_ids.append(data["id"])
        dump(out / "modules" / f"{data['id']}.yml", data, "../../schemas/module.schema.json")
    for persona in generator.personas([c["id"] for c in competences]):
        dump(out / "personas" / f"{persona['id']}.yml", persona, "../../schemas/persona.schema.json")
    return sizes


def _with_prerequisite(data: dict[str, Any], prerequisite: str) -> dict[str, Any]:
    """Insert ``prerequis`` after ``inscription`` (earlier modules only, so there is no cycle)."""
    keys = list(data)
    position = keys.index("inscription") + 1
    items = list(data.items())
    return dict([*items[:position], ("prerequis", [prerequisite]), *items[position:]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic ADS catalogue of N modules.")
    parser.add_argument("--modules", "-n", type=int, required=True, help="number of modules")
    parser.add_argument("--out", type=Path, required=True, help="output folder (replaced)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sizes = write_catalogue(args.out, args.modules, args.seed)
    elapsed = time.perf_counter() - started
    print(f"{sizes.modules} modules, {sizes.competences} competences, {sizes.partners} partners, "
          f"{sizes.personas} personas, {sizes.personas * sizes.jobs_per_persona} job titles "
          f"written to {args.out} in {elapsed:.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
