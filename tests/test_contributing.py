"""The written guides stay true: CONTRIBUTING.md has a checklist for each thing a developer
adds, the README stays a short map, and every file or folder that the README, CONTRIBUTING.md
or any guide in docs/ names exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "CONTRIBUTING.md"
README = ROOT / "README.md"
# Every guide a reader is sent to; a new file in docs/ is checked without being listed here.
DOCUMENTS = [README, GUIDE, *sorted((ROOT / "docs").glob("*.md"))]
# A name in backticks that is a path: folders and a file name with a known ending, no
# placeholders such as `templates/<app>/<model_name>.html`, and no addresses, which start
# with a slash (`/llms.txt`).
PATH = re.compile(r"^[\w.-]+(/[\w.-]*)*$")
ENDINGS = (".py", ".md", ".html", ".yml", ".txt", ".toml", "/")
# Named because a command makes them (make run, make audit, the browser tests); git ignores
# them, so a fresh clone has none.
MADE_AT_RUN_TIME = {
    ".local-admin.txt": "/.local-admin.txt",
    "node_modules/": "/node_modules/",
    "test-artifacts/": "/test-artifacts/",
    "test-artifacts/screens/": "/test-artifacts/",
}


def named_paths(text):
    names = re.findall(r"`([^`\n]+)`", text)
    return sorted({name for name in names if PATH.match(name) and name.endswith(ENDINGS)})


def test_there_is_a_checklist_for_each_thing_a_developer_adds():
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(), re.M)
    assert headings == [
        "A page type",
        "A block",
        "A snippet",
        "A report",
        "An editor setting (Settings in the admin)",
        "A developer setting (environment and Django settings)",
    ]


def test_the_readme_is_a_map_of_at_most_200_lines():
    assert len(README.read_text().splitlines()) <= 200


def test_the_docs_are_the_four_audiences_and_analytics():
    names = {path.name for path in DOCUMENTS}
    assert {"operations.md", "editors.md", "architecture.md", "testing.md"} <= names
    assert "analytics.md" in names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_path_named_in_a_guide_exists(document):
    paths = named_paths(document.read_text())
    assert len(paths) >= 5  # each guide names its files
    missing = [
        path for path in paths if not (ROOT / path).exists() and path not in MADE_AT_RUN_TIME
    ]
    assert missing == []


def test_the_paths_made_at_run_time_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert [name for name, entry in MADE_AT_RUN_TIME.items() if entry not in ignored] == []


def anchors(text):
    """The ids GitHub gives a document's headings: lower case, punctuation dropped, spaces as
    hyphens."""
    headings = re.findall(r"^#+ (.+)$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_link_between_the_guides_reaches_its_file_and_heading(document):
    text = document.read_text()
    broken = []
    for target, anchor in re.findall(r"\]\(([^)#:]*)(?:#([^)]*))?\)", text):
        linked = (document.parent / target).resolve() if target else document
        if not linked.exists():
            broken.append(target)
        elif anchor and anchor not in anchors(linked.read_text()):
            broken.append(f"{target}#{anchor}")
    assert broken == []
