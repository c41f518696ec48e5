"""A ready project to start from: what ``journeyspec init`` writes.

One table, :data:`FILES`, says which file of the project comes from which
template beside this module. The templates are kept as plain files (not
strings in code) so they read as the user will read them; hidden names
(``.gitattributes``) are stored without their dot, because packaging tools
skip dotfiles.

Every file is checked against the folder before any is written: an existing
file is never overwritten unless asked (``force``), and the refusal names
every file in the way, so the user sees the whole picture at once.

Where it sits: an integration beside the docs site and the pytest plugin; it
imports only :mod:`journeyspec.files` and the version.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path

from journeyspec import __version__
from journeyspec.files import write_text

FILES: dict[str, str] = {
    # project file                      template (in journeyspec/starter/template/)
    "maps/first.journey": "first.journey",
    "journeyspec.toml": "journeyspec.toml",
    "mkdocs.yml": "mkdocs.yml",
    "docs/index.md": "index.md",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/journeys.yml": "journeys-workflow.yml",
    ".gitattributes": "gitattributes",
    ".gitignore": "gitignore",
}
"""Each file ``init`` writes, relative to the project folder, and the template it is made from."""


@dataclass(frozen=True)
class ExistingFiles(Exception):
    """``init`` would overwrite files that are already there (and ``force`` was not given)."""

    paths: tuple[str, ...]

    def __str__(self) -> str:
        return "these files exist already: " + ", ".join(self.paths)


def template_text(name: str) -> str:
    """The text of one template, with the running journeyspec version filled in where it says ``{version}``."""
    text = package_files(__package__).joinpath("template", name).read_text(encoding="utf-8")
    return text.replace("{version}", __version__)


def create_project(folder: str | Path, *, force: bool = False) -> list[Path]:
    """Write a ready journeyspec project into ``folder`` (created when missing).

    Args:
        folder: The project folder.
        force: Overwrite files that exist; without it, nothing is written when any does.

    Returns:
        The files written, in the order of :data:`FILES`.

    Raises:
        ExistingFiles: Some files exist and ``force`` is false; nothing was written.
        journeyspec.files.WriteError: A file could not be written.
    """
    root = Path(folder)
    if not force:
        existing = tuple(name for name in FILES if (root / name).exists())
        if existing:
            raise ExistingFiles(existing)
    return [write_text(root / name, template_text(template)) for name, template in FILES.items()]
