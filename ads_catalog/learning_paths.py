"""Stage 3: compute each persona's path ("parcours") from the needs matrix.

For each need (competence, target level) the path takes every module level that develops that
competence up to the target, then the prerequisites of those modules (their first level), then
drops what the persona's constraints rule out (saying why), orders the rest by prerequisites then
level, and lists the needs nothing covers (the gaps). Archived modules never enter a path.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ads_catalog.model import Catalogue, ModuleLevel, Need, Persona


@dataclass(frozen=True)
class Step:
    """One module level in a path, with the format the persona will follow and why it is there."""

    module_id: str
    level_id: str
    format_id: str
    duration_minutes: int
    covers: tuple[Need, ...]
    prerequisite_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    """A module level the persona's constraints rule out; ``fields`` names, for each reason, the
    field of the level (in its module file) that causes it: ``formats`` or ``seance_max_minutes``."""

    module_id: str
    level_id: str
    reasons: tuple[str, ...]
    covers: tuple[Need, ...]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gap:
    """A need that the path does not take to its target level; ``reached_level_id`` is how far it gets."""

    need: Need
    reached_level_id: str | None
    blocked_by_constraints: bool


@dataclass(frozen=True)
class LearningPath:
    persona_id: str
    steps: tuple[Step, ...]
    exclusions: tuple[Exclusion, ...]
    gaps: tuple[Gap, ...]
    minutes_by_format: dict[str, int] = field(default_factory=dict)

    @property
    def total_minutes(self) -> int:
        return sum(step.duration_minutes for step in self.steps)

    def years_needed(self, yearly_hours: int) -> float:
        return self.total_minutes / 60 / yearly_hours


def compute_learning_paths(catalogue: Catalogue) -> dict[str, LearningPath]:
    return {persona_id: compute_learning_path(catalogue, persona) for persona_id, persona in catalogue.personas.items()}


def compute_learning_path(catalogue: Catalogue, persona: Persona) -> LearningPath:
    wanted = _levels_covering_needs(catalogue, persona)
    prerequisites = _prerequisite_levels(catalogue, wanted)
    candidates = {**dict.fromkeys(prerequisites, ()), **wanted}
    kept: dict[tuple[str, str], tuple[Need, ...]] = {}
    exclusions: list[Exclusion] = []
    for key, covers in candidates.items():
        level = catalogue.module_level(*key)
        checks = _constraint_checks(catalogue, persona, level)
        if checks:
            reasons, fields = zip(*checks, strict=True)
            exclusions.append(Exclusion(*key, reasons, covers, fields))
        else:
            kept[key] = covers
    steps = [
        Step(
            module_id=module_id,
            level_id=level_id,
            format_id=_chosen_format(catalogue, persona, catalogue.module_level(module_id, level_id)),
            duration_minutes=catalogue.module_level(module_id, level_id).duration_minutes,
            covers=kept[(module_id, level_id)],
            prerequisite_of=tuple(sorted(prerequisites.get((module_id, level_id), ()))),
        )
        for module_id, level_id in _order(catalogue, list(kept))
    ]
    minutes: Counter[str] = Counter()
    for step in steps:
        minutes[step.format_id] += step.duration_minutes
    return LearningPath(
        persona_id=persona.id,
        steps=tuple(steps),
        exclusions=tuple(sorted(exclusions, key=lambda e: (e.module_id, catalogue.level_rank(e.level_id)))),
        gaps=tuple(_gaps(catalogue, persona, kept, candidates)),
        minutes_by_format={fmt: minutes[fmt] for fmt in catalogue.formats if minutes[fmt]},
    )


def _levels_covering_needs(catalogue: Catalogue, persona: Persona) -> dict[tuple[str, str], tuple[Need, ...]]:
    covers: dict[tuple[str, str], list[Need]] = {}
    by_competence = _levels_by_competence(catalogue)
    for need in persona.needs:
        target = catalogue.level_rank(need.level_id)
        for level, rank in by_competence.get(need.competence_id, ()):
            if rank <= target:
                covers.setdefault(level.key, []).append(need)
    return {key: tuple(needs) for key, needs in covers.items()}


_INDEX: list[tuple[Catalogue, dict[str, list[tuple[ModuleLevel, int]]]]] = []


def _levels_by_competence(catalogue: Catalogue) -> dict[str, list[tuple[ModuleLevel, int]]]:
    """Active levels developing each competence (in catalogue order), with the lowest level rank they
    reach in it; built once per catalogue so a path costs its needs, not needs × every level."""
    if _INDEX and _INDEX[0][0] is catalogue:
        return _INDEX[0][1]
    index: dict[str, dict[tuple[str, str], tuple[ModuleLevel, int]]] = {}
    for level in _active_levels(catalogue):
        for gain in level.gains:
            rank = catalogue.level_rank(gain.level_id)
            known = index.setdefault(gain.competence_id, {}).get(level.key)
            if known is None or rank < known[1]:
                index[gain.competence_id][level.key] = (level, rank)
    _INDEX[:] = [(catalogue, {competence: list(levels.values()) for competence, levels in index.items()})]
    return _INDEX[0][1]


def _active_levels(catalogue: Catalogue) -> list[ModuleLevel]:
    return [level for module in catalogue.modules.values() if module.status.enters_paths for level in module.levels]


def _prerequisite_levels(
    catalogue: Catalogue, wanted: dict[tuple[str, str], tuple[Need, ...]]
) -> dict[tuple[str, str], set[str]]:
    """First level of every (transitive) prerequisite module, with the modules that require it."""
    required_by: dict[tuple[str, str], set[str]] = {}
    pending = list(dict.fromkeys(module_id for module_id, _ in wanted))
    while pending:
        module_id = pending.pop()
        for prerequisite_id in catalogue.modules[module_id].prerequisite_ids:
            prerequisite = catalogue.modules[prerequisite_id]
            if not prerequisite.status.enters_paths:
                continue
            key = prerequisite.levels[0].key
            if key not in required_by and key not in wanted:
                pending.append(prerequisite_id)
            required_by.setdefault(key, set()).add(module_id)
    return required_by


def _constraint_checks(catalogue: Catalogue, persona: Persona, level: ModuleLevel) -> list[tuple[str, str]]:
    """Why the persona's constraints rule the level out (empty if they do not), each reason with
    the level's field it comes from."""
    reasons = []
    allowed = persona.constraints.format_ids
    if not set(level.format_ids) & set(allowed):
        offered = ", ".join(catalogue.formats[f].title for f in level.format_ids)
        reason = f"proposé seulement en {offered.lower()}, format que ces métiers ne peuvent pas suivre"
        reasons.append((reason, "formats"))
    if level.longest_sitting_minutes > persona.constraints.longest_sitting_minutes:
        reason = (
            f"séance de {format_minutes(level.longest_sitting_minutes)}, plus longue que "
            f"la séance maximale de {format_minutes(persona.constraints.longest_sitting_minutes)}"
        )
        reasons.append((reason, "seance_max_minutes"))
    return reasons


def _chosen_format(catalogue: Catalogue, persona: Persona, level: ModuleLevel) -> str:
    """The first format of the level the persona can attend (level formats are in the author's order)."""
    return next(f for f in level.format_ids if f in persona.constraints.format_ids)


def _order(catalogue: Catalogue, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Topological order on prerequisites (a module's lower levels come first), ties by level then
    domain: at each step, the first level in that tie order that nothing left blocks (Kahn's
    algorithm with a heap of positions, so a path of K levels costs K log K, not K²)."""
    domain_rank = {domain_id: rank for rank, domain_id in enumerate(catalogue.domains)}

    def sort_key(key: tuple[str, str]) -> tuple[int, int, str]:
        module = catalogue.modules[key[0]]
        return (catalogue.level_rank(key[1]), domain_rank[module.domain_id], module.id)

    remaining = sorted(keys, key=sort_key)
    blocked_by = [0] * len(remaining)
    unblocks: list[list[int]] = [[] for _ in remaining]
    for position, other in _blocking_pairs(catalogue, remaining):
        blocked_by[position] += 1
        unblocks[other].append(position)
    ready = [position for position, count in enumerate(blocked_by) if not count]
    heapq.heapify(ready)
    ordered: list[tuple[str, str]] = []
    while ready:
        position = heapq.heappop(ready)
        ordered.append(remaining[position])
        for blocked in unblocks[position]:
            blocked_by[blocked] -= 1
            if not blocked_by[blocked]:
                heapq.heappush(ready, blocked)
    return ordered


def _blocking_pairs(catalogue: Catalogue, keys: list[tuple[str, str]]) -> Iterator[tuple[int, int]]:
    """(position of a level, position of a level that must come before it): a level of one of its
    module's prerequisites, or a lower level of the same module."""
    by_module: dict[str, list[int]] = {}
    for position, (module_id, _level_id) in enumerate(keys):
        by_module.setdefault(module_id, []).append(position)
    for position, (module_id, level_id) in enumerate(keys):
        rank = catalogue.level_rank(level_id)
        prerequisites = set(catalogue.modules[module_id].prerequisite_ids)
        for other_module in prerequisites:
            yield from ((position, other) for other in by_module.get(other_module, ()))
        if module_id not in prerequisites:
            same = by_module[module_id]
            yield from ((position, o) for o in same if catalogue.level_rank(keys[o][1]) < rank)


def _gaps(
    catalogue: Catalogue,
    persona: Persona,
    kept: dict[tuple[str, str], tuple[Need, ...]],
    candidates: dict[tuple[str, str], tuple[Need, ...]],
) -> list[Gap]:
    gaps = []
    kept_ranks, candidate_ranks = _gain_ranks(catalogue, kept), _gain_ranks(catalogue, candidates)
    for need in persona.needs:
        reached = _best_level(catalogue, need, kept_ranks)
        could_reach = _best_level(catalogue, need, candidate_ranks)
        if reached is None or catalogue.level_rank(reached) < catalogue.level_rank(need.level_id):
            blocked = could_reach is not None and (
                reached is None or catalogue.level_rank(could_reach) > catalogue.level_rank(reached)
            )
            gaps.append(Gap(need, reached, blocked))
    return gaps


def _gain_ranks(catalogue: Catalogue, keys: Iterable[tuple[str, str]]) -> dict[str, list[int]]:
    """Level ranks the levels ``keys`` develop, by competence (indexed once, not once per need)."""
    ranks: dict[str, list[int]] = {}
    for key in keys:
        for gain in catalogue.module_level(*key).gains:
            ranks.setdefault(gain.competence_id, []).append(catalogue.level_rank(gain.level_id))
    return ranks


def _best_level(catalogue: Catalogue, need: Need, gain_ranks: dict[str, list[int]]) -> str | None:
    target = catalogue.level_rank(need.level_id)
    ranks = [rank for rank in gain_ranks.get(need.competence_id, ()) if rank <= target]
    return list(catalogue.levels)[max(ranks) - 1] if ranks else None


def format_minutes(minutes: int) -> str:
    """French duration: « 45 min », « 1 h 30 », « 7 h »."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
