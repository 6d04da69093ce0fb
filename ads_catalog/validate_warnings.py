"""Validation, part 3: warnings, worth fixing but never breaking the site (unless ``--strict``):
old reviews, registration closed everywhere, a module in no learning path, a module level that a
path's constraints rule out (with the path and the constraint), a file without its schema line.
They run after the learning paths are computed, and receive them."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from ads_catalog.learning_paths import LearningPath
from ads_catalog.load import LoadedFile
from ads_catalog.model import Status
from ads_catalog.problems import Problem

REVIEW_MONTHS = 18
SCHEMA_LINE = "# yaml-language-server: $schema="
_SCHEMA_FOLDERS = {"persona": "../../schemas", "module": "../../schemas"}


def catalogue_warnings(
    files: dict[str, list[LoadedFile]], learning_paths: dict[str, LearningPath], today: dt.date
) -> list[Problem]:
    """Every warning, sorted; ``learning_paths`` are the build's own (computed once)."""
    warnings: list[Problem] = []
    for kind, loaded_files in files.items():
        warnings += [problem for loaded in loaded_files for problem in _schema_line(kind, loaded)]
    used = {step.module_id for path in learning_paths.values() for step in path.steps}
    for loaded in files["module"]:
        warnings += _module_warnings(loaded, loaded.data["id"] in used, today)
    warnings += _exclusion_warnings(files, learning_paths)
    return sorted(warnings)


def _exclusion_warnings(files: dict[str, list[LoadedFile]], learning_paths: dict[str, LearningPath]) -> list[Problem]:
    """A module level that a path needs but its constraints rule out: the partner learns it from
    ``--check``, on the level's field that causes it, not from the path page once published."""
    titles = {loaded.data["id"]: loaded.data["titre"] for loaded in files["persona"]}
    modules = {loaded.data["id"]: loaded for loaded in files["module"]}
    warnings = []
    for persona_id, path in learning_paths.items():
        for exclusion in path.exclusions:
            loaded = modules[exclusion.module_id]
            levels = [level["niveau"] for level in loaded.data["niveaux"]]
            index = levels.index(exclusion.level_id)
            for reason, field in zip(exclusion.reasons, exclusion.fields, strict=True):
                if field not in loaded.data["niveaux"][index]:  # the sitting defaults to the whole duration
                    field = "duree_minutes"
                suffix = "" if field == "formats" else " de ce parcours"
                title = titles[persona_id]
                message = f"niveau « {exclusion.level_id} » exclu du parcours « {title} » : {reason}{suffix}"
                warnings.append(loaded.problem(("niveaux", index, field), message, warning=True))
    return warnings


def _schema_line(kind: str, loaded: LoadedFile) -> Iterator[Problem]:
    """The first line names the file's schema, so that editors complete and check the fields."""
    name = f"{kind}.schema.json"
    first = loaded.text.split("\n", 1)[0].strip()
    if not (first.startswith(SCHEMA_LINE) and first.endswith(name)):
        line = f"{SCHEMA_LINE}{_SCHEMA_FOLDERS.get(kind, '../schemas')}/{name}"
        message = f"la première ligne ne désigne pas le schéma du fichier : écrivez « {line} »"
        yield Problem(loaded.path, 1, 1, message, warning=True)


def _module_warnings(loaded: LoadedFile, in_a_path: bool, today: dt.date) -> Iterator[Problem]:
    data = loaded.data
    if Status(data["statut"]) is Status.ARCHIVED:
        return
    reviewed = dt.date.fromisoformat(data["derniere_revue"])
    if _add_months(reviewed, REVIEW_MONTHS) < today or reviewed > today:
        if reviewed > today:
            message = f"« derniere_revue » : {reviewed} est dans le futur ; indiquez la date de la dernière revue"
        else:
            message = (
                f"« derniere_revue » : dernière revue le {reviewed}, il y a plus de {REVIEW_MONTHS} mois ; "
                "relisez le module et mettez la date à jour"
            )
        yield loaded.problem(("derniere_revue",), message, warning=True)
    yield from _registration_warnings(loaded, today)
    if not in_a_path:
        message = (
            "le module n'entre dans aucun parcours : aucun parcours n'a besoin des compétences qu'il développe "
            "(vérifiez les « competences » de ses niveaux)"
        )
        yield loaded.problem(("id",), message, warning=True)


SESSION_FORMATS = {"presentiel", "classe-virtuelle"}


def _registration_warnings(loaded: LoadedFile, today: dt.date) -> Iterator[Problem]:
    """A level « disponible » that is only given in dated sessions, none of them still open to
    registration: its page offers to register for nothing."""
    if Status(loaded.data["statut"]) is not Status.AVAILABLE:
        return
    sessions = loaded.data.get("sessions") or []
    for index, level in enumerate(loaded.data["niveaux"]):
        if not set(level["formats"]) <= SESSION_FORMATS:
            continue
        own = [s for s in sessions if s["niveau"] == level["niveau"]]
        deadlines = [dt.date.fromisoformat(s["date_limite_inscription"]) for s in own]
        if deadlines and max(deadlines) >= today:
            continue
        closed = f"dernière date limite : {max(deadlines)}" if deadlines else "aucune session datée"
        message = (
            f"« niveau » : « {level['niveau']} » ne se suit qu'en session et aucune n'est ouverte à l'inscription "
            f"({closed}) ; ajoutez une session ou passez le statut du module à « bientôt »"
        )
        yield loaded.problem(("niveaux", index, "niveau"), message, warning=True)


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` months, on the last day of the month when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
