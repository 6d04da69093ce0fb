"""What the validator reports: a problem located in a partner's file, in French."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    column: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "avertissement : " if self.warning else ""
        return f"{self.path.as_posix()}:{self.line}:{self.column}: {prefix}{self.message}"


class CatalogueError(Exception):
    """The catalogue has errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problème(s) dans le catalogue")
        self.problems = sorted(problems)
