"""Load test: concurrent logged-in users against a running Lagrundt, reads and writes, no think time.

    .venv/bin/python scripts/load_test.py --url http://127.0.0.1:8000     a server already running the demo
    .venv/bin/python scripts/load_test.py --serve --report var/bench.md   start `scripts/serve.sh` itself
    bash scripts/with_postgres.sh .venv/bin/python scripts/load_test.py --serve    the same on PostgreSQL

``make bench`` runs the last two. Each virtual user is a thread with its own session: it logs in through
the login page (the demo's users and published password; the second factor is off for the run with
LAGRUNDT_SECOND_FACTOR=optional), then requests pages back to back until the time is up: 85 % reads
(lists, searches, person pages, worklists, the leaders' overviews) and 15 % writes (a note in the
role's own section, a task marked done, a progress note on an action plan's measure). The users are
spread evenly over five roles (integration, health, school, nav, leadership) in Hemsedal and Ål.

The database is the demo's (``manage.py load_demo``: four municipalities, about 400 persons with tasks,
programmes and plans), built fresh for the run with ``--serve``. The result is a Markdown table of
throughput, errors, "database is locked" in the server's log, and the median and p95 time per endpoint;
``--report`` appends it to a file.

BENCH_LOAD_SECONDS (default 180) and BENCH_LOAD_USERS (default 50) set the length and the users.
"""

import argparse
import collections
import datetime as dt
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
# The demo's published password (web/management/commands/load_demo.py); never a real account's.
DEMO_PASSWORD = "lagrundt-demo-2026"  # noqa: S105
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
WRITE_SHARE = 0.15
TIMEOUT = 60

# Each role: the demo usernames, the section its notes go in (None: it writes no person data), and
# its reads with their weights.
ROLES = {
    "integration": (
        ("hemsedal-integrering", "aal-integrering"),
        "notes",
        {
            "home": 1,
            "person list": 2,
            "person list, page 2": 1,
            "person search": 2,
            "person page": 4,
            "person timeline": 1,
            "task list": 2,
            "task page": 1,
            "programme participants": 1,
            "work overview": 1,
        },
    ),
    "health": (
        ("hemsedal-helse", "aal-helse"),
        "health",
        {
            "home": 1,
            "person list": 2,
            "person search": 2,
            "person page": 5,
            "person timeline": 1,
            "task list": 2,
            "task page": 1,
        },
    ),
    "school": (
        ("hemsedal-skole", "aal-skole"),
        "education",
        {"home": 1, "person list": 3, "person search": 1, "person page": 5, "task list": 2},
    ),
    "nav": (
        ("hemsedal-nav", "aal-nav"),
        "work",
        {
            "home": 1,
            "person list": 2,
            "person search": 2,
            "person page": 4,
            "work candidates": 1,
            "programme participants": 1,
            "task list": 1,
        },
    ),
    "leadership": (
        ("hemsedal-leder", "aal-leder"),
        None,
        {
            "home": 1,
            "statistics": 2,
            "plans overview": 2,
            "plan page": 2,
            "measure page": 1,
            "duties kept": 2,
            "economy": 2,
            "programme results": 1,
        },
    ),
}
FIXED_PAGES = {
    "home": "/",
    "person list": "/personer/",
    "person list, page 2": "/personer/?side=2",
    "task list": "/oppgaver/",
    "programme participants": "/program/",
    "programme results": "/program/resultater/",
    "work overview": "/arbeid/",
    "work candidates": "/arbeid/kandidater/",
    "statistics": "/statistikk/",
    "plans overview": "/planer/oversikt/",
    "duties kept": "/oppgaver/etterlevelse/",
    "economy": "/okonomi/",
}
NOTE_TEXTS = [
    "Samtale gjennomført, neste oppfølging avtalt.",
    "Dokumentasjon mottatt og kontrollert.",
    "Tolk bestilt til neste møte.",
    "Status gjennomgått i teammøtet.",
]


@dataclass
class Found:
    """What a user may act on, found before the clock starts (the task pool shrinks as tasks are done)."""

    persons: list[int] = field(default_factory=list)
    name_starts: list[str] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    plans: list[int] = field(default_factory=list)
    measures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_task(self) -> int | None:
        with self.lock:
            return self.tasks.pop() if self.tasks else None


@dataclass
class Sample:
    endpoint: str
    seconds: float
    ok: bool
    detail: str = ""


class Session:
    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()

    def get(self, path):
        return self.http.get(self.base + path, allow_redirects=False, timeout=TIMEOUT)

    def post(self, path, data):
        data = {**data, "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", "")}
        headers = {"Referer": self.base + path}
        return self.http.post(
            self.base + path, data=data, headers=headers, allow_redirects=False, timeout=TIMEOUT
        )

    def login(self, username: str) -> None:
        page = self.get("/logg-inn/")
        page.raise_for_status()
        response = self.post("/logg-inn/", {"username": username, "password": DEMO_PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"login as {username} answered {response.status_code}")
        if "logg-inn" in response.headers.get("Location", "") or "faktor" in response.headers.get(
            "Location", ""
        ):
            raise RuntimeError(
                f"login as {username} asks for more ({response.headers['Location']}); "
                "serve with LAGRUNDT_SECOND_FACTOR=optional"
            )


def ids(pattern: str, html: str) -> list[int]:
    return sorted({int(n) for n in re.findall(pattern, html)})


def discover(base: str, username: str) -> Found:
    session = Session(base)
    session.login(username)
    found = Found()
    for path in ("/personer/", "/personer/?side=2"):
        response = session.get(path)
        if response.status_code == 200:
            found.persons += ids(r'href="/personer/(\d+)/"', response.text)
            names = re.findall(r'href="/personer/\d+/"[^>]*>\s*([^<,]+)', response.text)
            found.name_starts += sorted({n.strip()[:3].lower() for n in names if len(n.strip()) >= 3})
    response = session.get("/oppgaver/")
    if response.status_code == 200:
        # Overdue tasks only: one due later may count from a day still to come, and cannot be done today.
        overdue = re.search(r'id="group-overdue"(.*?)(?:<section|$)', response.text, re.DOTALL)
        found.tasks = ids(r'href="/oppgaver/(\d+)/"', overdue.group(1)) if overdue else []
        random.shuffle(found.tasks)
    response = session.get("/planer/")
    if response.status_code == 200:
        found.plans = ids(r'href="/planer/(\d+)/"', response.text)
        for plan in found.plans[:2]:
            found.measures += ids(r'href="/planer/tiltak/(\d+)/"', session.get(f"/planer/{plan}/").text)
    return found


class VirtualUser(threading.Thread):
    def __init__(self, base, role, username, found, start, deadline, seed):
        super().__init__(daemon=True)
        self.session = Session(base)
        self.role, self.username, self.found = role, username, found
        self.section, self.reads = ROLES[role][1], ROLES[role][2]
        self.start_event, self.deadline = start, deadline
        self.random = random.Random(seed)
        self.samples: list[Sample] = []
        self.login_seconds = None
        self.failure = ""

    def run(self):
        started = time.perf_counter()
        try:
            self.session.login(self.username)
            self.login_seconds = time.perf_counter() - started
        except Exception as exc:  # a user who cannot log in is reported, and the rest run on
            self.failure = f"{self.username}: {exc}"
        self.start_event.wait()
        if self.failure:
            return
        while time.monotonic() < self.deadline[0]:
            if self.random.random() < WRITE_SHARE:
                self.write()
            else:
                endpoint = self.random.choices(list(self.reads), weights=list(self.reads.values()))[0]
                self.read(endpoint)

    def timed(self, endpoint, call, expected):
        started = time.perf_counter()
        try:
            response = call()
            seconds = time.perf_counter() - started
            ok = response.status_code == expected
            detail = (
                "" if ok else f"{response.status_code} {response.request.method} {response.request.path_url}"
            )
        except requests.RequestException as exc:
            seconds, ok, detail = time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}"[:200]
        self.samples.append(Sample(endpoint, seconds, ok, detail))

    def pick(self, values):
        return self.random.choice(values) if values else None

    def read(self, endpoint):
        found = self.found
        if endpoint in FIXED_PAGES:
            path = FIXED_PAGES[endpoint]
        elif endpoint == "person search":
            path = f"/personer/?q={self.pick(found.name_starts) or 'a'}"
        elif endpoint == "person page" and found.persons:
            path = f"/personer/{self.pick(found.persons)}/"
        elif endpoint == "person timeline" and found.persons:
            path = f"/personer/{self.pick(found.persons)}/tidslinje/"
        elif endpoint == "task page" and found.tasks:
            path = f"/oppgaver/{self.pick(found.tasks)}/"
        elif endpoint == "plan page" and found.plans:
            path = f"/planer/{self.pick(found.plans)}/"
        elif endpoint == "measure page" and found.measures:
            path = f"/planer/tiltak/{self.pick(found.measures)}/"
        else:
            endpoint, path = "home", "/"
        self.timed(endpoint, lambda: self.session.get(path), 200)

    def write(self):
        today = dt.datetime.now(OSLO).date().isoformat()
        text = self.random.choice(NOTE_TEXTS)
        if self.section is None:
            measure = self.pick(self.found.measures)
            if measure is None:
                return self.read("home")
            data = {"note-written_on": today, "note-text": text}
            path = f"/planer/tiltak/{measure}/notat/"
            return self.timed("POST progress note", lambda: self.session.post(path, data), 302)
        task = self.found.take_task() if self.random.random() < 0.5 else None
        if task is not None:
            data = {"done-done_on": today, "done-note": text}
            path = f"/oppgaver/{task}/utfort/"
            return self.timed("POST task done", lambda: self.session.post(path, data), 302)
        person = self.pick(self.found.persons)
        path = f"/personer/{person}/notat/{self.section}/"
        return self.timed("POST note", lambda: self.session.post(path, {"body": text}), 302)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_load(base: str, users: int, seconds: int) -> dict:
    roles = list(ROLES)
    usernames = [ROLES[roles[i % len(roles)]][0][(i // len(roles)) % 2] for i in range(users)]
    found = {name: discover(base, name) for name in sorted(set(usernames))}
    start, deadline = threading.Event(), [0.0]
    crowd = [
        VirtualUser(base, roles[i % len(roles)], name, found[name], start, deadline, seed=i)
        for i, name in enumerate(usernames)
    ]
    for user in crowd:
        user.start()
    while any(user.login_seconds is None and not user.failure for user in crowd):
        time.sleep(0.05)
    began = time.monotonic()
    deadline[0] = began + seconds
    start.set()
    for user in crowd:
        user.join()
    elapsed = time.monotonic() - began
    return {
        "samples": [s for user in crowd for s in user.samples],
        "elapsed": elapsed,
        "logins": [u.login_seconds for u in crowd if u.login_seconds is not None],
        "failures": [u.failure for u in crowd if u.failure],
        "users": users,
        "per_role": collections.Counter(u.role for u in crowd),
    }


def report(result: dict, *, title: str, setup: str, locked: int | None) -> str:
    samples = result["samples"]
    writes = [s for s in samples if s.endpoint.startswith("POST")]
    errors = [s for s in samples if not s.ok]
    total = len(samples)
    roles = ", ".join(f"{role}: {n}" for role, n in result["per_role"].items())
    by_endpoint = collections.defaultdict(list)
    for s in samples:
        by_endpoint[s.endpoint].append(s)
    lines = [
        f"### {title}",
        "",
        setup,
        "",
        "| measure | result |",
        "|---|---|",
        f"| virtual users | {result['users']} ({roles}) |",
        f"| duration | {result['elapsed']:.0f} s |",
        f"| requests | {total} ({100 * (total - len(writes)) / max(total, 1):.1f} % reads, "
        f"{100 * len(writes) / max(total, 1):.1f} % writes) |",
        f"| throughput | {total / result['elapsed']:.1f} requests/s |",
        f"| p95, all requests | {p95([s.seconds for s in samples]) * 1000:.0f} ms |"
        if samples
        else "| p95 | – |",
        f"| errors | {len(errors)} |",
        f'| "database is locked" in the server log | {"not read" if locked is None else locked} |',
        f"| logins (before the clock) | {len(result['logins'])}, p95 {p95(result['logins']) * 1000:.0f} ms |"
        if result["logins"]
        else "| logins | none succeeded |",
        "",
        "| endpoint | requests | errors | median ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for endpoint in sorted(by_endpoint, key=lambda e: (e.startswith("POST"), -len(by_endpoint[e]))):
        group = by_endpoint[endpoint]
        times = [s.seconds * 1000 for s in group]
        bad = sum(1 for s in group if not s.ok)
        lines.append(
            f"| {endpoint} | {len(group)} | {bad} | {statistics.median(times):.0f} | {p95(times):.0f} "
            f"| {max(times):.0f} |"
        )
    shown = collections.Counter(s.detail for s in errors)
    if shown or result["failures"]:
        lines += ["", "Errors:", ""]
        lines += [f"- {detail} (×{n})" for detail, n in shown.most_common(10)]
        lines += [f"- login failed: {failure}" for failure in result["failures"]]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- serving it ourselves
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_postgres_database(url: str) -> None:
    """with_postgres.sh names a database it does not create: create it on its server."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def start_server(port: int, log_path: Path, *, fresh: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "LAGRUNDT_ENV": "demo",
        "LAGRUNDT_SECOND_FACTOR": "optional",
        "LAGRUNDT_BIND": f"127.0.0.1:{port}",
        "LAGRUNDT_LOG_FORMAT": "json",
    }
    if env.get("DATABASE_URL"):
        ensure_postgres_database(env["DATABASE_URL"])
        app_role = env.get("LAGRUNDT_PG_APP_ROLE")
        if app_role:  # scripts/with_postgres.sh's two roles: the owner migrates, the servers run as the app
            owner = urlsplit(env["DATABASE_URL"])
            env["LAGRUNDT_OWNER_DATABASE_URL"] = env["DATABASE_URL"]
            env["DATABASE_URL"] = owner._replace(
                netloc=owner.netloc.replace(owner.username, app_role, 1)
            ).geturl()
    else:
        database = ROOT / "var" / "load.sqlite3"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        env["LAGRUNDT_SQLITE_PATH"] = str(database)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    server = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh")],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    ready_by = time.monotonic() + 900  # migrate, the demo data and collectstatic come first
    while time.monotonic() < ready_by:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped before it answered; see {log_path}")
        try:
            if requests.get(base + "/helse/", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(1)
    stop_server(server)
    raise RuntimeError(f"the server did not answer /helse/ in time; see {log_path}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def server_setup(log_path: Path) -> str:
    """The server as it ran: workers and threads from its own settings, and the database."""
    import runpy

    conf = runpy.run_path(str(ROOT / "src" / "lagrundt" / "gunicorn_conf.py"))
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (WAL)"
    return (
        f"`make serve`'s gunicorn ({conf['workers']} workers × {conf['threads']} threads) and the task "
        f"worker, {database}, the demo data (`manage.py load_demo`), second factor off; the load from "
        f"{os.cpu_count()} cores shared with the server, no think time. Server log: `{log_path}`."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="a running server (without --serve)")
    parser.add_argument("--serve", action="store_true", help="start scripts/serve.sh on a free port")
    parser.add_argument(
        "--keep-data", action="store_true", help="with --serve: reuse the last run's SQLite file"
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", "180")))
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_LOAD_USERS", "50")))
    parser.add_argument("--server-log", default="", help="the server's log, to count 'database is locked'")
    parser.add_argument("--report", default="", help="append the Markdown result to this file")
    args = parser.parse_args()
    if args.seconds <= 0:
        print("BENCH_LOAD_SECONDS is 0: no load run.")
        return 0

    server = None
    base, log_path = args.url.rstrip("/"), Path(args.server_log) if args.server_log else None
    vendor = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    if args.serve:
        log_path = ROOT / "var" / f"load-{vendor.lower()}.log"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        print(f"Starting the server on {base} ({vendor}); log in {log_path.relative_to(ROOT)} …", flush=True)
        server = start_server(port, log_path, fresh=not args.keep_data)
    try:
        print(f"{args.users} users for {args.seconds} s against {base} …", flush=True)
        result = run_load(base, args.users, args.seconds)
    finally:
        if server is not None:
            stop_server(server)
    locked = None
    if log_path is not None and log_path.exists():
        locked = log_path.read_text(errors="replace").count("database is locked")
    setup = server_setup(log_path.relative_to(ROOT) if args.serve else (log_path or "not read"))
    if not args.serve:
        setup = f"The server at {base}; the load from {os.cpu_count()} cores, no think time."
    title = f"Load: {args.users} users for {args.seconds} s, {vendor}"
    text = report(result, title=title, setup=setup, locked=locked)
    print(text)
    if args.report:
        with open(args.report, "a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    errors = sum(1 for s in result["samples"] if not s.ok) + len(result["failures"])
    return 1 if errors or locked else 0


if __name__ == "__main__":
    sys.exit(main())
