"""`make audit`: Lighthouse and the Nu HTML checker against the site as production serves it.

`prodserver` seeds a throwaway SQLite database, collects static files into a temporary
folder and serves them with gunicorn and the production settings (dummy secrets, no HTTPS
redirect); this prints one row per page. Everything started is stopped before it exits.
Needs Node (for `npm ci`, done by the Makefile), Java and /usr/bin/chromium.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prodserver import ROOT, fetch, production_server  # noqa: E402

sys.path.insert(0, str(ROOT))
from guides.content import site as content  # noqa: E402
from guides.content.paths import page_paths  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PATHS = page_paths(content)  # the seeded site's pages (guides/content/site.py)
# Two of the assessment's triggers ticked.
TICKED = urlencode([("triggers", q["trigger"]) for q in content.ASSESSMENT["questions"][:2]])
PAGES = {
    "home": PATHS["home"],
    "guide index": PATHS["guides"],
    "pillar": PATHS["pillar"],
    "cluster guide": PATHS["guide"],
    "assessment": PATHS["assessment"],
    "assessment result": f"{PATHS['assessment']}result/?{TICKED}",
    "engagements": PATHS["engagements"],
    "faq": PATHS["faq"],
    "evidence": PATHS["evidence"],
    "about": PATHS["about"],
    "profile": PATHS["profile"],
    "privacy": PATHS["privacy"],
    "contact": PATHS["contact"],
    "search": "/search/?q=pilot",
    "search, none": "/search/?q=zzzxqy",
    "404": "/no-such-page/",
}


def lighthouse(url, report_path):
    """The four category scores (0-100), the bytes sent (all, and HTML+CSS+JS), failed audits."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--form-factor=mobile",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless --no-sandbox",
        "--ignore-status-code",  # so the 404 page is scored like any other
        "--output=json",
        f"--output-path={report_path}",
    ]
    # Lighthouse 12.2 sometimes loses the trace of a newer Chromium (NO_NAVSTART): retry.
    for attempt in range(3):
        run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if run.returncode == 0:
            break
        print(f"  Lighthouse failed (attempt {attempt + 1} of 3)", flush=True)
    else:
        sys.exit(f"audit: Lighthouse could not audit {url}")
    report = json.loads(report_path.read_text())
    requests = report["audits"]["network-requests"]["details"]["items"]
    failed_audits = sorted(
        {
            ref["id"]
            for name in CATEGORIES
            for ref in report["categories"][name]["auditRefs"]
            if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
        }
    )
    return {
        "scores": [round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES],
        "total_bytes": report["audits"]["total-byte-weight"]["numericValue"],
        "text_bytes": sum(
            item.get("transferSize", 0)
            for item in requests
            if item.get("resourceType") in {"Document", "Stylesheet", "Script"}
        ),
        "failed_audits": failed_audits,
    }


def html_errors(base_url, workdir):
    """Nu HTML checker error counts per page, from one run of the checker over saved copies."""
    files = {}
    for name, path in PAGES.items():
        file = workdir / f"page-{len(files)}.html"
        file.write_bytes(fetch(base_url + path))
        files[name] = file
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr)["messages"]  # the checker reports on stderr
    counts = {name: 0 for name in PAGES}
    for message in messages:
        for name, file in files.items():
            if message.get("url", "").endswith("/" + file.name):
                counts[name] += 1
                print(f"  {name}: line {message.get('lastLine')}: {message['message']}")
    return counts


def print_table(rows):
    header = ["page", "perf", "a11y", "best pr.", "seo", "HTML errors", "KB sent", "HTML+CSS+JS KB"]
    lines = [header] + [
        [
            name,
            *map(str, result["scores"]),
            str(result["html_errors"]),
            f"{result['total_bytes'] / 1024:.1f}",
            f"{result['text_bytes'] / 1024:.1f}",
        ]
        for name, result in rows.items()
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        print("| " + " | ".join(cells) + " |")
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for name, result in rows.items():
        if result["failed_audits"]:
            print(f"{name}: Lighthouse audits below 1: {', '.join(result['failed_audits'])}")


def main():
    for tool in (LIGHTHOUSE, VNU_JAR):
        if not tool.exists():
            sys.exit(f"audit: {tool} is missing: run `make audit`, which installs it with npm ci")
    for program in ("java", CHROMIUM):
        if not shutil.which(program):
            sys.exit(f"audit: {program} is missing")

    rows = {}
    with (
        tempfile.TemporaryDirectory(prefix="truvisory-audit-") as tmp,
        production_server() as (base_url, _env),
    ):
        workdir = Path(tmp)
        print("Nu HTML checker errors:")
        errors = html_errors(base_url, workdir)
        for index, (name, path) in enumerate(PAGES.items()):
            print(f"Lighthouse: {name} ({path})", flush=True)
            rows[name] = lighthouse(base_url + path, workdir / f"lighthouse-{index}.json")
            rows[name]["html_errors"] = errors[name]
    print()
    print_table(rows)
    missed = [name for name, r in rows.items() if r["html_errors"] or min(r["scores"]) < 100]
    if missed:
        print(f"Below target (100 everywhere, no HTML errors): {', '.join(missed)}")


if __name__ == "__main__":
    main()
