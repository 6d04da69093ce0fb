"""The change report for reviewers (``--diff <ref>``): what a pull request changes in the published
catalogue, in French Markdown — modules added, removed, renamed or changed (which fields), and for
each learning path the steps gained or lost, its total time, the needs newly covered or uncovered
and the published URLs affected.

Pure: two :class:`Snapshot` in, Markdown out. Reading the other catalogue (``git archive``) is the
command line's job. Partner text is escaped for Markdown (:func:`md`): the report is shown as a
GitHub job summary, where a title must not become a link or an image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from ads_catalog.learning_paths import LearningPath, format_minutes
from ads_catalog.model import Catalogue, Module, ModuleLevel, Need, Registry
from ads_catalog.problems import Problem, one_line
from ads_catalog.site import SHORT_PREFIX, absolute, page_path


@dataclass(frozen=True)
class Snapshot:
    """One state of the catalogue: validated, with its paths and its URL registry (derived codes in)."""

    catalogue: Catalogue
    learning_paths: dict[str, LearningPath]
    registry: Registry


MODULE_FIELDS = {
    "title": "titre", "summary": "resume", "description": "description", "domain_id": "domaine",
    "partner_ids": "partenaires", "language": "langue", "status": "statut", "last_review": "derniere_revue",
    "registration_url": "inscription", "levels": "niveaux", "prerequisite_ids": "prerequis",
    "keywords": "mots_cles", "sessions": "sessions",
}  # fmt: skip
"""Model field → the YAML key partners know it by."""

LEVEL_FIELDS = {
    "objectives": "objectifs", "duration_minutes": "duree_minutes",
    "longest_sitting_minutes": "seance_max_minutes", "format_ids": "formats", "gains": "competences",
}  # fmt: skip


def md(text: str) -> str:
    """Partner text as literal Markdown on one line: every punctuation Markdown or HTML reads is escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~&])", r"\\\1", one_line(text))


def invalid_before_report(ref: str, problems: list[Problem], folder: str = "") -> str:
    """The ref's own catalogue is invalid (``folder``: where it was read, left out of the paths)."""
    lines = [
        _title(ref),
        "",
        f"Le catalogue de `{md(ref)}` ne passe pas la vérification ({len(problems)} problème(s)) :",
    ]
    lines += [f"- {md(str(problem).removeprefix(folder))}" for problem in problems[:20]]
    if len(problems) > 20:
        lines.append(f"- … et {len(problems) - 20} autre(s)")
    lines += ["", "Comparaison impossible : corrigez d'abord le catalogue de référence."]
    return "\n".join(lines) + "\n"


def invalid_after_report(ref: str, problems: list[Problem]) -> str:
    lines = [_title(ref), "", f"**La vérification échoue : {len(problems)} problème(s).** Chacun est annoté "
             "sur sa ligne dans l'onglet *Files changed* :", ""]  # fmt: skip
    lines += [f"- {md(str(problem))}" for problem in problems]
    return "\n".join(lines) + "\n"


def change_report(ref: str, before: Snapshot, after: Snapshot) -> str:
    """Markdown, in French, of what ``after`` changes in the catalogue published from ``before``."""
    renamed = _renamed(before, after)
    sections = [*_module_sections(before, after, renamed), *_path_sections(before, after, renamed)]
    body = sections or ["Aucun changement dans le catalogue publié (modules et parcours identiques)."]
    return "\n\n".join([_title(ref), *body]) + "\n"


def _title(ref: str) -> str:
    return f"## Changements du catalogue par rapport à `{md(ref)}`"


def _renamed(before: Snapshot, after: Snapshot) -> dict[str, str]:
    """Old module id → new id, for the modules the working tree's registry redirects."""
    old, new = before.catalogue.modules, after.catalogue.modules
    targets = {old_id: after.registry.final_id("modules", old_id) for old_id in old if old_id not in new}
    return {old_id: new_id for old_id, new_id in targets.items() if new_id in new}


def _module_sections(before: Snapshot, after: Snapshot, renamed: dict[str, str]) -> list[str]:
    old, new = before.catalogue.modules, after.catalogue.modules
    added = [m for m in new.values() if m.id not in old and m.id not in renamed.values()]
    removed = [m for m in old.values() if m.id not in new and m.id not in renamed]
    changed = [(old[i], m) for i, m in new.items() if i in old and old[i] != m]
    sections = []
    if added:
        lines = [f"### Modules ajoutés ({len(added)})", ""]
        lines += [f"- {_module_line(m, after)}" for m in added]
        sections.append("\n".join(lines))
    if removed:
        lines = [f"### Modules retirés ({len(removed)})", ""]
        lines += [_removed_line(m, before, after) for m in removed]
        sections.append("\n".join(lines))
    if renamed:
        lines = [f"### Modules renommés ({len(renamed)})", ""]
        lines += [f"- `{old_id}` → {_module_line(new[new_id], after)}{_kept_short(old_id, before, after)}"
                  for old_id, new_id in renamed.items()]  # fmt: skip
        sections.append("\n".join(lines))
    if changed:
        lines = [f"### Modules modifiés ({len(changed)})", ""]
        lines += [f"- {_module_line(m, after)} : {', '.join(_changed_fields(o, m))}" for o, m in changed]
        sections.append("\n".join(lines))
    return sections


def _module_line(module: Module, snapshot: Snapshot) -> str:
    short = snapshot.registry.modules[module.id].code
    return (
        f"**{md(module.title)}** (`{module.id}`) — {_url('modules', module.id)}, lien court {_short('modules', short)}"
    )


def _removed_line(module: Module, before: Snapshot, after: Snapshot) -> str:
    code = before.registry.modules[module.id].code
    line = (
        f"- **{md(module.title)}** (`{module.id}`) — {_url('modules', module.id)}, lien court {_short('modules', code)}"
    )
    if module.id in after.registry.modules:
        return line + " : le registre des adresses le redirige."
    published = before.registry.modules[module.id].published.isoformat()
    entry = f"`{module.id}: {{code: {code}, publie_le: {published}, redirection: <identifiant>}}`"
    return f"{line} : **ces adresses cassent** ; archivez le module plutôt, ou ajoutez dans `catalog/urls.yml` {entry}"


def _kept_short(old_id: str, before: Snapshot, after: Snapshot) -> str:
    published, kept = before.registry.modules[old_id].code, after.registry.modules[old_id].code
    if published == kept:
        return ""
    return f" ; **le lien court publié {_short('modules', published)} casse** : le registre donne le code {kept}"


def _changed_fields(old: Module, new: Module) -> list[str]:
    changed = []
    for item in fields(Module):
        if item.name in MODULE_FIELDS and getattr(old, item.name) != getattr(new, item.name):
            if item.name == "levels":
                changed += _changed_levels(old.levels, new.levels)
            else:
                changed.append(f"`{MODULE_FIELDS[item.name]}`")
    return changed


def _changed_levels(old: tuple[ModuleLevel, ...], new: tuple[ModuleLevel, ...]) -> list[str]:
    before = {level.level_id: level for level in old}
    changed = []
    for level in new:
        if level.level_id not in before:
            changed.append(f"niveau `{level.level_id}` ajouté")
            continue
        names = [
            f"`{key}`"
            for name, key in LEVEL_FIELDS.items()
            if getattr(before[level.level_id], name) != getattr(level, name)
        ]
        if names:
            changed.append(f"niveau `{level.level_id}` ({', '.join(names)})")
    kept = {level.level_id for level in new}
    changed += [f"niveau `{level_id}` retiré" for level_id in before if level_id not in kept]
    return changed


def _path_sections(before: Snapshot, after: Snapshot, renamed: dict[str, str]) -> list[str]:
    sections = []
    for persona_id, persona in after.catalogue.personas.items():
        old_path = before.learning_paths.get(persona_id)
        new_path = after.learning_paths[persona_id]
        lines = _path_changes(before, after, old_path, new_path, renamed)
        if lines:
            heading = f"### Parcours « {md(persona.title)} » — {_url('parcours', persona_id)}"
            sections.append("\n".join([heading, "", *lines]))
    for persona_id, persona in before.catalogue.personas.items():
        if persona_id not in after.catalogue.personas:
            sections.append(f"### Parcours « {md(persona.title)} » retiré — {_url('parcours', persona_id)}")
    return sections


def _path_changes(
    before: Snapshot, after: Snapshot, old: LearningPath | None, new: LearningPath, renamed: dict[str, str]
) -> list[str]:
    """A renamed module's steps are the same steps: compared under its new id."""
    old_steps = {(renamed.get(s.module_id, s.module_id), s.level_id) for s in old.steps} if old else set()
    new_steps = {(s.module_id, s.level_id) for s in new.steps}
    gained = [key for key in ((s.module_id, s.level_id) for s in new.steps) if key not in old_steps]
    lost = [(s.module_id, s.level_id) for s in old.steps if (renamed.get(s.module_id, s.module_id), s.level_id)
            not in new_steps] if old else []  # fmt: skip
    old_gaps = {_need(g.need) for g in old.gaps} if old else set()
    new_gaps = {_need(g.need) for g in new.gaps}
    covered = [need for need in (_need(n) for n in after.catalogue.personas[new.persona_id].needs)
               if need in old_gaps and need not in new_gaps]  # fmt: skip
    uncovered = [need for need in (_need(g.need) for g in new.gaps) if need not in old_gaps]
    old_excluded = {(renamed.get(e.module_id, e.module_id), e.level_id) for e in old.exclusions} if old else set()
    excluded = [e for e in new.exclusions if (e.module_id, e.level_id) not in old_excluded]
    same_total = old is not None and old.total_minutes == new.total_minutes
    if same_total and not (gained or lost or covered or uncovered or excluded):
        return []
    covers = {(s.module_id, s.level_id): s.covers for s in new.steps}
    lines = [f"- Parcours nouveau : {len(new.steps)} étape(s)"] if old is None else []
    lines += [f"- Étape gagnée : {_step(after, key)}{_covers(after, covers[key])}" for key in gained]
    lines += [f"- Étape perdue : {_step(before, key)}" for key in lost]
    lines += [f"- Écarté par les contraintes du parcours : {_step(after, (e.module_id, e.level_id))} : "
              f"{md(' ; '.join(e.reasons))}" for e in excluded]  # fmt: skip
    old_total = format_minutes(old.total_minutes) if old else "—"
    lines.append(f"- Durée totale : {old_total} → {format_minutes(new.total_minutes)}")
    lines += [f"- Besoin désormais couvert : {_need_name(after, need)}" for need in covered]
    lines += [f"- Besoin désormais non couvert : {_need_name(after, need)}" for need in uncovered]
    return lines


def _covers(snapshot: Snapshot, needs: tuple[Need, ...]) -> str:
    return f" ; couvre : {' ; '.join(_need_name(snapshot, _need(need)) for need in needs)}" if needs else ""


def _need(need: Need) -> tuple[str, str]:
    return (need.competence_id, need.level_id)


def _need_name(snapshot: Snapshot, need: tuple[str, str]) -> str:
    competence = snapshot.catalogue.competences.get(need[0])
    name = md(competence.title) if competence else f"`{need[0]}`"
    level = snapshot.catalogue.levels.get(need[1])
    return f"{name}, niveau {md(level.title) if level else need[1]}"


def _step(snapshot: Snapshot, key: tuple[str, str]) -> str:
    module = snapshot.catalogue.modules[key[0]]
    level = snapshot.catalogue.module_level(*key)
    when = format_minutes(level.duration_minutes)
    level_title = md(snapshot.catalogue.levels[key[1]].title)
    return f"**{md(module.title)}**, niveau {level_title} ({when}) — {_url('modules', key[0])}"


def _url(kind: str, item_id: str) -> str:
    return f"<{absolute(page_path(kind, item_id))}>"


def _short(kind: str, code: int) -> str:
    return f"<{absolute(f'{SHORT_PREFIX[kind]}/{code}/')}>"
