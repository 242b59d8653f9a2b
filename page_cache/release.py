"""The release, part of every page cache key: a digest of the project's own files, the installed
distributions, the static manifest and settings.RELEASE (docs/architecture.md)."""

import functools
import hashlib
import os
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

SKIPPED_FOLDERS = {"__pycache__", "node_modules"}


def release_id():
    return release_for(settings.RELEASE)


@functools.cache
def release_for(label):
    digest = hashlib.sha256()
    for part in (label, source_digest(tuple(project_folders())), distributions(), manifest()):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]  # 64 bits: two releases never share an id


def project_folders():
    """The folders of the project's own apps and templates (inside BASE_DIR, not installed)."""
    base, environment = Path(settings.BASE_DIR).resolve(), Path(sys.prefix).resolve()
    folders = {Path(config.path).resolve() for config in apps.get_app_configs()}
    for engine in settings.TEMPLATES:
        folders.update(Path(folder).resolve() for folder in engine.get("DIRS", []))
    return sorted(
        folder
        for folder in folders
        if folder.is_relative_to(base)
        and not folder.is_relative_to(environment)
        and "site-packages" not in folder.parts
    )


@functools.cache
def source_digest(folders):
    """A digest of every file in `folders`: its path and its content, never its time."""
    digest = hashlib.sha256()
    for folder in folders:
        for root, subfolders, files in os.walk(folder):
            subfolders[:] = sorted(
                name for name in subfolders if name not in SKIPPED_FOLDERS and name[0] != "."
            )
            for name in sorted(files):
                if name.endswith(".pyc") or name[0] == ".":
                    continue
                path = Path(root, name)
                digest.update(f"{path.relative_to(folder.parent)}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def distributions():
    """The installed distributions, by their metadata folders' names, which carry the
    version (`django-5.2.19.dist-info`): reading each one's metadata takes a tenth of a second."""
    folders = [Path(entry or ".") for entry in sys.path]  # a zip or a missing one lists nothing
    names = {path.name for folder in folders for path in folder.glob("*.*-info")}
    return "\n".join(sorted(names))


def manifest():
    """The static manifest's content, or "" without one (dev and the tests)."""
    read_manifest = getattr(staticfiles_storage, "read_manifest", None)
    return (read_manifest and read_manifest()) or ""
