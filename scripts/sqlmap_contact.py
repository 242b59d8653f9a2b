"""`make sqlmap`: sqlmap against the contact form of a local gunicorn, and the leads it stored.

The attack in issue 27 stored 673 leads in 4 minutes: sqlmap reused one form-start token
through a proxy that rotated IPv6 addresses. This serves the seeded site as production does
(scripts/prodserver.py; loopback is its trusted proxy), and attacks the form in four ways,
each from addresses of its own, each with a form fetched once as a visitor would, and sent
after the minimum fill time:

- "one address": every request from the address the form was shown to;
- "one /64": each request from a new address in that address's IPv6 /64;
- "every /64": each request from a new /64;
- "fresh tokens": sqlmap fetches the form again before every request, for a new token.

It prints, for each, the posts the site answered (by status) and the leads it stored, and
returns the counts for tests/test_sqlmap.py.
"""

import collections
import contextlib
import http.cookiejar
import importlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prodserver import BIN, ROOT, fresh_postgres, production_server  # noqa: E402

sys.path.insert(0, str(ROOT))
from guides.content.paths import page_paths  # noqa: E402

TIME_LIMIT = int(os.environ.get("SQLMAP_SECONDS", "300"))  # for each attack
TAMPER = ROOT / "scripts" / "sqlmap_tamper" / "rotate_address.py"
ATTACKS = {
    # name: (the address the form is shown to, how requests rotate, more sqlmap options)
    "one address": ("2001:db8:a1::1", None, []),
    "one /64": ("2001:db8:a2::1", "64", []),
    "every /64": ("2001:db8:a3::1", "net", []),
    "fresh tokens": ("2001:db8:a4::1", None, ["--csrf-token=started"]),
}
FIELDS = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "company": "Analytical Engines",
    "prompted_by": "pilot",
    "message": "Our pilot demos well but will not ship.",
    "consent": "on",
}


def visit_form(base, address, contact):
    """As a visitor at `address`: the form's fields and the CSRF cookie."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    request = urllib.request.Request(base + contact, headers={"X-Forwarded-For": address})
    html = opener.open(request, timeout=10).read().decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    cookie = "; ".join(f"{c.name}={c.value}" for c in cookies)
    return {**hidden, **FIELDS}, cookie


def leads(database_url):
    sql = "SELECT count(*) FROM pages_contactsubmission"
    if database_url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            return db.execute(sql).fetchone()[0]
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(sql).fetchone()[0]


def contact_posts(log_path, contact):
    """Status of every POST to the contact page the app logged so far."""
    statuses = []
    for line in log_path.read_text().splitlines():
        if '"truvisory.request"' in line and f'"POST {contact} ' in line:
            statuses.append(json.loads(line)["status"])
    return statuses


def attack(base, name, workdir, parameters, contact):
    address, rotate, options = ATTACKS[name]
    data, cookie = visit_form(base, address, contact)
    time.sleep(3.5)  # the form's minimum fill time (CONTACT_MIN_FILL_SECONDS)
    command = [
        str(BIN / "sqlmap"),
        f"--url={base}{contact}",
        f"--data={urllib.parse.urlencode(data)}",
        f"--cookie={cookie}",
        f"--headers=X-Forwarded-For: {address}",
        f"--output-dir={workdir / name.replace(' ', '-').replace('/', '')}",
        "--batch",
        "--disable-coloring",
        "--answers=follow=N",
        # Full speed, as a determined attacker: sqlmap slows down for a 429 by itself.
        "--ignore-code=429",
        *(["--tamper", str(TAMPER)] if rotate else []),
        *([f"-p{parameters}"] if parameters else []),
        *options,
    ]
    if "--csrf-token=started" in options:
        command.append(f"--csrf-url={base}{contact}")
    env = {**os.environ, "SQLMAP_ADDRESS": address, "SQLMAP_ROTATE": rotate or ""}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    try:
        subprocess.run(command, env=env, check=False, timeout=TIME_LIMIT, **quiet)
    except subprocess.TimeoutExpired:
        print(f"    stopped after {TIME_LIMIT} s", flush=True)


def run(database_url, parameters=None, static_root=None, seed=True, content="guides.content.site"):
    """Every attack against one server: {name: (Counter of post statuses, leads stored)}.
    `content`: the content spec the site was (or is to be) built from, which places the
    contact page."""
    contact = page_paths(importlib.import_module(content))["contact"]
    results = {}
    with tempfile.TemporaryDirectory(prefix="truvisory-sqlmap-") as tmp:
        workdir = Path(tmp)
        log_path = workdir / "gunicorn.log"
        with production_server(
            database_url=database_url,
            seed=seed,
            static_root=static_root,
            log_path=log_path,
            content=content,
        ) as (base, _env):
            for name in ATTACKS:
                posts = len(contact_posts(log_path, contact))
                leads_before = leads(database_url)
                print(f"  sqlmap, {name} ...", flush=True)
                attack(base, name, workdir, parameters, contact)
                time.sleep(0.5)  # the last log lines
                statuses = collections.Counter(contact_posts(log_path, contact)[posts:])
                results[name] = (statuses, leads(database_url) - leads_before)
                print(f"    {report_line(*results[name])}", flush=True)
    return results


def report_line(statuses, stored):
    answered = ", ".join(f"{count} × {status}" for status, count in sorted(statuses.items()))
    return f"{sum(statuses.values())} posts ({answered}): {stored} lead{'s' * (stored != 1)} stored"


def main():
    database = os.environ.get("SQLMAP_DATABASE", "truvisory_sqlmap")
    database_url = fresh_postgres(database)
    if database_url is None:
        sys.exit("make sqlmap needs PostgreSQL on 127.0.0.1:5432")
    results = run(database_url)
    print("\nsqlmap against the contact form, every field at level 1:")
    for name, (statuses, stored) in results.items():
        print(f"  {name:>13}: {report_line(statuses, stored)}")


if __name__ == "__main__":
    main()
