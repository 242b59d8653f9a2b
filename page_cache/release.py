"""The release: a short id of the code and static files that answer, part of every page cache
key (the rule is in page_cache/cache.py).

It is a digest of what decides how a page renders, read from the files themselves, so no
deploy step can forget it, and every node running the same release computes the same id:
- every file of the project's own apps and template folders (Python, templates, text);
- the installed distributions with their versions (a Wagtail upgrade changes markup too);
- the static manifest (`staticfiles.json`), whose hashed names change with any stylesheet,
  script or image that `collectstatic` collected: a page links those names;
- settings.RELEASE (the `RELEASE` environment variable), when set: a label that forces a
  new release where nothing above changed (a setting changed through the environment).

It is computed once per process and label, on first use: a few milliseconds.
"""

import functools
import hashlib
import os
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

LENGTH = 16  # hex digits: 64 bits, so two releases never share an id
SKIPPED_FOLDERS = {"__pycache__", "node_modules"}


def release_id():
    """The current release's id."""
    return release_for(settings.RELEASE)


@functools.cache
def release_for(label):
    digest = hashlib.sha256()
    for part in (label, source_digest(tuple(project_folders())), distributions(), manifest()):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:LENGTH]


def project_folders():
    """The folders of the project's own apps and templates: those inside BASE_DIR, less an
    installed package's (a virtualenv may live inside BASE_DIR; distributions() counts it)."""
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
    """The installed distributions, by the names of their metadata folders, which carry the
    version (`django-5.2.19.dist-info`): read from the folder listings, not each one's
    metadata, which would take a tenth of a second."""
    names = set()
    for entry in sys.path:
        try:
            listed = os.listdir(entry or ".")
        except OSError:
            continue
        names.update(name for name in listed if name.endswith((".dist-info", ".egg-info")))
    return "\n".join(sorted(names))


def manifest():
    """The static manifest's content, or "" without one (dev and the tests serve static files
    under their own names, so a page's markup never names a hashed file there)."""
    read_manifest = getattr(staticfiles_storage, "read_manifest", None)
    return (read_manifest and read_manifest()) or ""
