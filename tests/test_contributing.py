"""CONTRIBUTING.md stays true: it has a checklist for each thing a developer adds, and
every file or folder it names exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "CONTRIBUTING.md"
# A name in backticks that is a path: folders and a file name with a known ending, no
# placeholders such as `templates/<app>/<model_name>.html`.
PATH = re.compile(r"^[\w.-]+(/[\w.-]*)*$")
ENDINGS = (".py", ".md", ".html", ".yml", ".txt", ".toml", "/")


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


def test_every_path_named_in_contributing_exists():
    paths = named_paths(GUIDE.read_text())
    assert len(paths) >= 30  # the checklists name their files
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert missing == []
