"""What the validator reports: a problem located in a partner's file, in French."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ads_catalog.text import is_visible


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    column: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "avertissement : " if self.warning else ""
        return f"{self.path.as_posix()}:{self.line}:{self.column}: {prefix}{one_line(self.message)}"

    def github(self) -> str:
        """The problem as a GitHub Actions workflow command: an annotation on its line of the pull
        request's changed file, escaped as GitHub's own toolkit does (``@actions/core``)."""
        kind, title = ("warning", "Avertissement du catalogue") if self.warning else ("error", "Problème du catalogue")
        properties = {"file": self.path.as_posix(), "line": self.line, "col": self.column, "title": title}
        shown = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
        return f"::{kind} {shown}::{_escape_data(one_line(self.message))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def one_line(text: str) -> str:
    """``text`` with line breaks and invisible characters shown as escapes (« \\n », « \\u200b »):
    a message quotes partner values, and must stay one visible ``path:line:column:`` line."""
    if text.isprintable():
        return text
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    if is_visible(char):
        return char
    if char == "\n":
        return "\\n"
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


class CatalogueError(Exception):
    """The catalogue has errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problème(s) dans le catalogue")
        self.problems = sorted(problems)
