"""The change report for reviewers (``--diff <ref>``): golden Markdown from two fixture catalogues,
and a partner's pull request seen as a reviewer sees it (annotations, then the report)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ads_catalog.change_report import change_report, md
from ads_catalog.review import snapshot
from tests.support import FIXTURES, TODAY, run_cli

REPORT = FIXTURES / "rapport"


def catalogue_after(root: Path) -> Path:
    """The mini catalogue with ``rapport/apres`` laid over it (``absents.txt``: files it deletes)."""
    catalog = root / "apres"
    shutil.copytree(FIXTURES / "mini", catalog)
    for source in sorted((REPORT / "apres").rglob("*.yml")):
        shutil.copyfile(source, catalog / source.relative_to(REPORT / "apres"))
    for name in (REPORT / "apres" / "absents.txt").read_text(encoding="utf-8").split():
        (catalog / name).unlink()
    return catalog


def test_change_report_matches_its_golden_file(tmp_path: Path) -> None:
    before = snapshot(FIXTURES / "mini", TODAY)
    after = snapshot(catalogue_after(tmp_path), TODAY)
    report = change_report("main", before, after)
    golden = REPORT / "attendu.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(report, encoding="utf-8")
    assert report == golden.read_text(encoding="utf-8")


def test_no_change_says_so() -> None:
    same = snapshot(FIXTURES / "mini", TODAY)
    assert "Aucun changement dans le catalogue publié" in change_report("main", same, same)


def test_partner_text_cannot_become_a_link_or_markup() -> None:
    assert md("[clic](https://x.invalid) ![i](y) <img src=x> *a* `b`") == (
        r"\[clic\]\(https://x\.invalid\) \!\[i\]\(y\) \<img src=x\> \*a\* \`b\`"
    )


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "ADS", "GIT_AUTHOR_EMAIL": "ads@example.org",
           "GIT_COMMITTER_NAME": "ADS", "GIT_COMMITTER_EMAIL": "ads@example.org"}  # fmt: skip
    subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=True)


WITH_ERRORS = """\
# yaml-language-server: $schema=../../schemas/module.schema.json
id: cyber-terrain
titre: Cybersécurité en tournée
resume: Les bons réflexes entre deux visites.
description: |
  Pour la force terrain.
domaine: cybersecurite
partenaires: [ecole-a]
langue: francais
statut: disponible
derniere_revue: 2026-11-20
inscription: https://ads.example/inscription/cyber-terrain
niveaux:
  - niveau: acculturation
    objectifs:
      - Reconnaître un courriel piégé.
    duree_minutes: 1h30
    seance_max_minutes: 20
    formats: [e-learning]
    competences:
      - competence: cyber-reflexes
        niveau: acculturation
  - niveau: fondamentaux
    objectifs:
      - Signaler un incident.
    duree_minutes: 60
    seance_max_minutes: 90
    formats: [e-learning]
    competences:
      - competence: cyber-reflexes
        niveau: fondamentaux
"""
FIXED = (
    WITH_ERRORS.replace("langue: francais", "langue: fr")
    .replace("1h30", "90")
    .replace("seance_max_minutes: 90", "seance_max_minutes: 20")
)


def test_a_partner_pull_request_shows_annotations_then_a_change_report(tmp_path: Path) -> None:
    root = tmp_path / "depot"
    shutil.copytree(FIXTURES / "mini", root / "catalog")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "catalog")
    git(root, "commit", "-q", "-m", "main")
    module = root / "catalog" / "modules" / "cyber-terrain.yml"
    module.write_text(WITH_ERRORS, encoding="utf-8")

    result = run_cli("--check", "--format", "github", cwd=root)
    where = "::error file=catalog/modules/cyber-terrain.yml"
    title = "title=Problème du catalogue::"
    assert result.returncode == 1
    assert result.stdout.splitlines() == [  # all at once: two field errors and a rule across fields
        f"{where},line=9,col=9,{title}« langue » : valeur « francais » inconnue ; valeurs possibles : fr, en",
        f"{where},line=17,col=20,{title}« duree_minutes » : « 1h30 » n'est pas un nombre entier ; "
        "écrivez la durée en minutes, en chiffres seulement (1h30 → 90)",
        f"{where},line=27,col=25,{title}« seance_max_minutes » : 90 dépasse la durée totale du niveau (60 minutes)",
    ]
    assert result.stderr == "3 problèmes : corrigez-les puis relancez.\n"
    refused = run_cli("--diff", "main", cwd=root)
    assert refused.returncode == 1
    assert "**La vérification échoue : 3 problème(s).**" in refused.stdout

    module.write_text(FIXED, encoding="utf-8")
    assert run_cli("--check", "--format", "github", cwd=root).returncode == 0
    report = run_cli("--diff", "main", cwd=root)
    assert report.returncode == 0, report.stderr
    lines = report.stdout.splitlines()
    assert "### Modules ajoutés (1)" in lines
    assert any(line.startswith("- **Cybersécurité en tournée** (`cyber-terrain`)") for line in lines)
    terrain = lines[lines.index("### Parcours « Force terrain » — <https://ads.leem.org/parcours/terrain/>") :]
    assert "- Durée totale : 1 h 45 → 3 h 15" in terrain  # its acculturation level (1 h 30) is what they need
    assert any("couvre : Adopter les bons réflexes de cybersécurité, niveau Acculturation" in line for line in terrain)
