"""The command line as a partner uses it: exit codes, French messages, warnings, the scaffold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from ads_catalog.intake import catalogue_files
from tests.support import CATALOG, run_cli


def cli(*args: str, cwd: Path, day: str | None = None, process: bool = False):
    """``build_catalog.py`` run from ``cwd``, « today » being ``day`` (``YYYY-MM-DD``) or the tests' date."""
    when = {"day": dt.date.fromisoformat(day)} if day else {}
    return run_cli(*args, cwd=cwd, process=process, **when)


@pytest.fixture
def workdir(tmp_path: Path, mini_catalog: Path) -> Path:
    """A folder holding ``catalog/`` (the mini catalogue), as a partner's clone would."""
    mini_catalog.rename(tmp_path / "catalog")
    return tmp_path


EXCLUSIONS = [  # the mini catalogue's one exclusion (tests/fixtures/mini/modules/rgpd.yml), two reasons
    "catalog/modules/rgpd.yml:27:20: avertissement : niveau « approfondissement » exclu du parcours "
    "« Force terrain » : séance de 7 h, plus longue que la séance maximale de 30 min de ce parcours",
    "catalog/modules/rgpd.yml:28:14: avertissement : niveau « approfondissement » exclu du parcours "
    "« Force terrain » : proposé seulement en présentiel, format que ces métiers ne peuvent pas suivre",
]


def others(stderr: str) -> str:
    """Standard error without the mini catalogue's exclusion warnings."""
    return "".join(line + "\n" for line in stderr.splitlines() if line not in EXCLUSIONS)


def test_valid_catalogue_says_so_with_its_warnings_only(workdir: Path) -> None:
    result = cli("--check", cwd=workdir, day="2026-11-28")
    assert (result.returncode, result.stdout, result.stderr.splitlines()) == (
        0, "Catalogue valide : 4 modules, 2 parcours, 4 métiers (2 avertissements ci-dessus).\n", EXCLUSIONS
    )  # fmt: skip


def test_missing_catalogue_folder_is_explained(tmp_path: Path) -> None:
    result = cli("--check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "catalog: dossier du catalogue introuvable "
        "(lancez la commande depuis la racine du dépôt ou passez --catalogue)\n"
    )


def test_errors_are_counted_in_french(workdir: Path) -> None:
    """In a real process: its exit status is 1 and no traceback reaches the partner."""
    module = workdir / "catalog" / "modules" / "cyber.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("langue: fr", "langue: francais"), encoding="utf-8")
    result = cli("--check", cwd=workdir, process=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 problème : corrigez-le puis relancez."
    assert "Traceback" not in result.stderr


# --- warnings --------------------------------------------------------------------------------


def test_warnings_are_kept_apart_and_do_not_fail(workdir: Path) -> None:
    result = cli("--check", cwd=workdir, day="2027-09-01")
    assert result.returncode == 0
    assert result.stdout == "Catalogue valide : 4 modules, 2 parcours, 4 métiers (5 avertissements ci-dessus).\n"
    assert others(result.stderr).splitlines() == [
        "catalog/modules/ia.yml:23:13: avertissement : « niveau » : « fondamentaux » ne se suit qu'en session et "
        "aucune n'est ouverte à l'inscription (dernière date limite : 2027-01-26) ; ajoutez une session ou passez "
        "le statut du module à « bientôt »",
        "catalog/modules/rgpd.yml:11:17: avertissement : « derniere_revue » : dernière revue le 2026-02-10, "
        "il y a plus de 18 mois ; relisez le module et mettez la date à jour",
        "catalog/modules/rgpd.yml:24:13: avertissement : « niveau » : « approfondissement » ne se suit qu'en session "
        "et aucune n'est ouverte à l'inscription (dernière date limite : 2027-01-04) ; ajoutez une session ou "
        "passez le statut du module à « bientôt »",
    ]


def test_strict_turns_warnings_into_a_failure(workdir: Path) -> None:
    result = cli("--check", "--strict", cwd=workdir, day="2027-09-01")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "5 avertissements et --strict : corrigez-les puis relancez."


def test_review_exactly_18_months_old_is_not_yet_a_warning(workdir: Path) -> None:
    assert "derniere_revue" not in cli("--check", cwd=workdir, day="2027-08-10").stderr
    assert "derniere_revue" in cli("--check", cwd=workdir, day="2027-08-11").stderr


def test_module_in_no_path_is_a_warning(workdir: Path) -> None:
    modules = workdir / "catalog" / "modules"
    text = (modules / "cyber.yml").read_text(encoding="utf-8").replace("id: cyber", "id: cyber-expert")
    text = text.replace("niveau: acculturation", "niveau: expert")  # a level nobody needs
    (modules / "cyber-expert.yml").write_text(text, encoding="utf-8")
    result = cli("--check", cwd=workdir, day="2026-11-28")
    assert result.returncode == 0
    assert others(result.stderr) == (
        "catalog/modules/cyber-expert.yml:2:5: avertissement : le module n'entre dans aucun parcours : "
        "aucun parcours n'a besoin des compétences qu'il développe (vérifiez les « competences » de ses niveaux)\n"
    )


def test_missing_schema_line_is_a_warning(workdir: Path) -> None:
    module = workdir / "catalog" / "modules" / "cyber.yml"
    module.write_text(module.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    result = cli("--check", cwd=workdir, day="2026-11-28")
    assert result.returncode == 0
    assert others(result.stderr) == (
        "catalog/modules/cyber.yml:1:1: avertissement : la première ligne ne désigne pas le schéma du fichier : "
        "écrivez « # yaml-language-server: $schema=../../schemas/module.schema.json »\n"
    )


def test_every_real_catalogue_file_names_its_schema() -> None:
    for kind, path in catalogue_files(CATALOG):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        depth = "../.." if kind in ("persona", "module") else ".."
        assert first == f"# yaml-language-server: $schema={depth}/schemas/{kind}.schema.json", path


# --- --new-module ------------------------------------------------------------------------------

FILLED = {
    "titre:": "titre: IA générative en santé",
    "resume:": "resume: Découvrir les usages de l'IA générative.",
    "description: |\n": "description: |\n  Un module pour **découvrir** l'IA générative ([guide](https://ads.example/guide)).\n",
    "domaine:": "domaine: ia",
    "partenaires: []": "partenaires: [ecole-a]",
    "\ninscription:": "\ninscription: https://ads.example/inscription/ia-generative",
    "  - niveau:\n": "  - niveau: acculturation\n",
    "      -\n": "      - Expliquer ce qu'est un modèle génératif.\n",
    "duree_minutes:": "duree_minutes: 45",
    "formats: []": "formats: [e-learning]",
    "      - competence:\n        niveau:": "      - competence: ia-usages\n        niveau: acculturation",
}


def test_new_module_scaffold_filled_in_passes(workdir: Path) -> None:
    result = cli("--new-module", "ia-generative", cwd=workdir, day="2026-11-28")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Module créé : catalog/modules/ia-generative.yml"
    path = workdir / "catalog" / "modules" / "ia-generative.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/module.schema.json\n")
    assert "#   donnees-sante, ia, cybersecurite\n" in text  # the domains this catalogue accepts
    for placeholder, value in FILLED.items():
        assert text.count(placeholder) == 1, placeholder
        text = text.replace(placeholder, value)
    path.write_text(text, encoding="utf-8")
    result = cli("--check", cwd=workdir, day="2026-11-28")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Catalogue valide : 5 modules, 2 parcours, 4 métiers (3 avertissements ci-dessus).\n"
    assert others(result.stderr) == (  # 45 min in one sitting: too long for « Force terrain » (30 min)
        "catalog/modules/ia-generative.yml:69:20: avertissement : niveau « acculturation » exclu du parcours "
        "« Force terrain » : séance de 45 min, plus longue que la séance maximale de 30 min de ce parcours\n"
    )
    text = path.read_text(encoding="utf-8").replace("    # seance_max_minutes: 30", "    seance_max_minutes: 15")
    path.write_text(text, encoding="utf-8")
    assert cli("--check", cwd=workdir, day="2026-11-28").stderr.splitlines() == EXCLUSIONS


def test_unfilled_scaffold_names_every_empty_field(workdir: Path) -> None:
    cli("--new-module", "ia-generative", cwd=workdir, day="2026-11-28")
    result = cli("--check", cwd=workdir)
    levels = "valeurs possibles : acculturation, fondamentaux, approfondissement, expert"
    where = "catalog/modules/ia-generative.yml"
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{where}:12:7: « titre » est vide : écrivez un texte — titre du module",
        f"{where}:15:8: « resume » est vide : écrivez un texte — une phrase de présentation (200 caractères au plus)",
        f"{where}:19:14: « description » est vide : écrivez un texte — présentation en Markdown simple "
        "(liens https uniquement)",
        f"{where}:23:9: « domaine » est vide : écrivez un texte — identifiant du domaine",
        f"{where}:27:14: « partenaires » : la liste est vide ; il en faut au moins 1",
        f"{where}:39:13: « inscription » est vide : écrivez un texte — lien https d'inscription",
        f"{where}:63:12: « niveau » est vide : {levels}",
        f"{where}:66:8: « objectifs » est vide : écrivez un texte — objectif, commençant par un verbe",
        f"{where}:68:19: « duree_minutes » est vide : écrivez un nombre entier — durée totale en minutes",
        f"{where}:73:14: « formats » : la liste est vide ; il en faut au moins 1",
        f"{where}:77:20: « competence » est vide : écrivez un texte — identifiant de la compétence développée",
        f"{where}:78:16: « niveau » est vide : {levels}",
        "12 problèmes : corrigez-les puis relancez.",
    ]


def test_new_module_refuses_an_existing_id(workdir: Path) -> None:
    before = (workdir / "catalog" / "modules" / "cyber.yml").read_bytes()
    result = cli("--new-module", "cyber", cwd=workdir)
    assert result.returncode == 1
    assert result.stderr == (
        "catalog/modules/cyber.yml existe déjà : modifiez ce fichier ou choisissez un autre identifiant\n"
    )
    assert (workdir / "catalog" / "modules" / "cyber.yml").read_bytes() == before


@pytest.mark.parametrize("bad_id", ["IA-Generative", "../x", "ia_generative", "é", "ia-", ""])
def test_new_module_refuses_an_invalid_id(workdir: Path, bad_id: str) -> None:
    result = cli("--new-module", bad_id, cwd=workdir)
    assert result.returncode == 1
    assert result.stderr == (
        f"identifiant de module « {bad_id} » : n'est pas un identifiant valide (lettres minuscules sans accent, "
        "chiffres et tirets, 60 caractères au plus) ; par exemple ia-generative-sante\n"
    )
    assert sorted(path.name for path in (workdir / "catalog" / "modules").iterdir()) == [
        "ancien.yml", "cyber.yml", "ia.yml", "rgpd.yml"
    ]  # fmt: skip


@pytest.mark.parametrize("reserved", ["index", "404", "assets", "m"])
def test_new_module_refuses_a_name_the_site_keeps_for_itself(workdir: Path, reserved: str) -> None:
    result = cli("--new-module", reserved, cwd=workdir)
    assert result.returncode == 1
    assert result.stderr == (
        f"identifiant de module « {reserved} » : est réservé par le site (une page ou un dossier porte déjà ce nom) : "
        f"choisissez-en un autre, par exemple « {reserved}-1 » ; par exemple ia-generative-sante\n"
    )


def test_command_line_mistakes_are_explained_in_french(workdir: Path) -> None:
    result = cli("--chek", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("utilisation : build_catalog.py [-h] [--check]")
    assert result.stderr.splitlines()[-1] == "build_catalog.py : erreur : option(s) inconnue(s) : --chek"
    result = cli("--new-module", cwd=workdir)
    assert result.stderr.splitlines()[-1] == (
        "build_catalog.py : erreur : option --new-module : une valeur est attendue après cette option"
    )
    assert "afficher cette aide et quitter" in cli("--help", cwd=workdir).stdout


def test_a_new_partner_module_ends_up_on_its_own_page(project: Callable[[Path], Path], mini_catalog: Path) -> None:
    """CONTRIBUTING.md's path: scaffold, fill in, check, build, find the page."""
    root = project(mini_catalog)
    assert cli("--new-module", "ia-generative", cwd=root, day="2026-11-28").returncode == 0
    path = root / "catalog" / "modules" / "ia-generative.yml"
    text = path.read_text(encoding="utf-8")
    for placeholder, value in FILLED.items():
        text = text.replace(placeholder, value)
    path.write_text(text, encoding="utf-8")
    assert cli("--check", cwd=root, day="2026-11-28").returncode == 0
    result = cli("--site", "site", cwd=root, day="2026-11-28")
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "modules" / "ia-generative" / "index.html").read_text(encoding="utf-8")
    assert "<h1>IA générative en santé</h1>" in page
    assert 'href="https://ads.example/inscription/ia-generative"' in page
