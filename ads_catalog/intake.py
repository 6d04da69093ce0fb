"""Stage 0, file intake: which files of ``catalog/`` are read, and reading them safely.

Only regular ``.yml`` files directly in their folder are read, with a size limit checked before
reading: symlinks, folders, devices (an endless ``/dev/zero``), other extensions and subfolders get
a clear French message instead of a hang or a traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ads_catalog.ids import ID_PATTERN
from ads_catalog.problems import Problem

MAX_FILE_BYTES = 256 * 1024

CATALOGUE_LAYOUT: tuple[tuple[str, str], ...] = (
    ("taxonomie", "taxonomie.yml"),
    ("competences", "competences.yml"),
    ("partenaires", "partenaires.yml"),
    ("persona", "personas/*.yml"),
    ("module", "modules/*.yml"),
)
"""Each file kind of the catalogue and where its files live below ``catalog/``."""


def catalogue_files(root: Path) -> list[tuple[str, Path]]:
    """Every catalogue file below ``root`` with its kind, in a stable order (files that exist and
    are named ``*.yml``; whether they can be read is :func:`read_file`'s answer)."""
    return scan_catalogue(root)[0]


def scan_catalogue(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The catalogue files to read, and the problems of what else lies in the catalogue's folders:
    subfolders, links, other extensions, names that can never match an id."""
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for kind, pattern in CATALOGUE_LAYOUT:
        folder, _, name = pattern.rpartition("/")
        if name != "*.yml":
            if os.path.lexists(root / name):
                found.append((kind, root / name))
            continue
        paths, folder_problems = _folder_files(root / folder)
        found += [(kind, path) for path in paths]
        problems += folder_problems
    return found, problems


def _folder_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    if not os.path.lexists(folder):
        return [], []
    if folder.is_symlink() or not folder.is_dir():
        return [], [Problem(display_path(folder), 1, 1, f"« {folder.name} » doit être un dossier de fichiers .yml")]
    paths, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue  # editor and system files (.DS_Store, swap files) are not the partner's
        message = _entry_problem(path)
        if message:
            problems.append(Problem(display_path(path), 1, 1, message))
        if path.suffix == ".yml" and (path.is_symlink() or not path.is_dir()):
            paths.append(path)  # read even when misnamed: its other problems come in the same run
    return paths, problems


def _entry_problem(path: Path) -> str | None:
    """What is wrong with an entry of a module or persona folder, or ``None`` for a well-named
    ``.yml`` file (whether it is a regular file is checked when it is read)."""
    folder = f"catalog/{path.parent.name}/"
    if path.is_dir() and not path.is_symlink():
        return f"sous-dossier « {path.name} » : les fichiers sont lus directement dans {folder}, pas plus bas"
    if path.suffix != ".yml":
        if path.suffix.lower() in {".yaml", ".yml"}:
            return f"extension « {path.suffix} » : nommez le fichier « {path.stem}.yml » pour qu'il soit lu"
        return f"« {path.name} » : seuls les fichiers .yml sont lus dans {folder} (renommez-le ou retirez-le)"
    if not ID_PATTERN.match(path.stem):
        return (
            f"nom de fichier « {path.name} » invalide : l'identifiant qui le nomme ne contient que des "
            "lettres minuscules sans accent, des chiffres et des tirets"
        )
    return None


def display_path(path: Path) -> Path:
    """The path as a partner would type it: relative to the working directory when inside it."""
    try:
        return path.absolute().relative_to(Path.cwd().absolute())
    except ValueError:
        return path


def read_file(path: Path, shown: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file, read no further than the size limit; anything else (a symlink,
    a folder, a device that never ends) is a problem, never a hang or a traceback."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None, Problem(shown, 1, 1, "fichier introuvable")
    except OSError as error:
        return None, Problem(shown, 1, 1, f"fichier illisible ({error.strerror})")
    if not stat.S_ISREG(info.st_mode):
        return None, Problem(shown, 1, 1, _not_a_file_message(path, info.st_mode))
    if info.st_size > MAX_FILE_BYTES:
        return None, too_large(shown, info.st_size)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, Problem(shown, 1, 1, f"fichier illisible ({error.strerror})")
    return raw, None


def _not_a_file_message(path: Path, mode: int) -> str:
    if stat.S_ISLNK(mode):
        return f"« {path.name} » est un lien symbolique : placez le fichier lui-même dans le dossier"
    if stat.S_ISDIR(mode):
        return f"« {path.name} » est un dossier : un fichier YAML est attendu à cet endroit"
    return f"« {path.name} » n'est pas un fichier ordinaire (périphérique, tube…) : remplacez-le par un fichier YAML"


def too_large(path: Path, size: int) -> Problem:
    return Problem(path, 1, 1, f"fichier trop volumineux ({size} octets) : {MAX_FILE_BYTES} octets au plus")
