"""The site's benchmark (``make bench``): the site served as in production, measured page by page.

1. Makes sure the PostgreSQL database exists, is migrated and has generated content (the
   ``generate_scale_data`` command, at ``--size``), and collects the static files.
2. For each cache mode (``--cache``: uncached, cached or both), starts gunicorn with 2 sync
   workers and production settings (debug off, a random secret key), and for every kind of
   page measures: the service time at 1 connection (median and 95th percentile over
   ``--requests`` requests), requests per second at ``--connections`` connections for
   ``--duration`` seconds with wrk, the status codes, the SQL queries (counted in-process by
   ``bench/probe.py`` against the same database), and the bytes of HTML and of the page's CSS,
   raw and compressed. A static file served by WhiteNoise from the same server is the baseline.
3. Measures each worker's memory before and after ``--memory-requests`` mixed requests.
4. Starts nginx with ``deploy/nginx/coproduction.conf.template`` in front of gunicorn and
   measures its own static-file rate and the pages through its micro-cache.
5. Prints a table, writes ``var/bench/<time>.json`` and ``var/bench/latest.json``, compares with
   an earlier run (``--compare OLD.json``), and exits non-zero if any response was a 5xx.

Every option has an environment variable (``BENCH_SIZE``, ``BENCH_DB``...): see ``--help``.
"""

import argparse
import datetime as dt
import gzip
import http.client
import importlib.util
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

import psycopg

from bench.checks import failures, median, percentile

try:
    import brotli
except ImportError:  # optional: Brotli sizes are reported when the package is installed
    brotli = None

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HOST = "localhost"
STYLESHEET = re.compile(
    r"""<link\b[^>]*\brel=["']stylesheet["'][^>]*\bhref=["']([^"']+)["']"""
    r"""|<link\b[^>]*\bhref=["']([^"']+)["'][^>]*\brel=["']stylesheet["']""",
    re.I,
)

# What each size means for the run: the data preset, how many requests, how long a load lasts.
SIZES = {
    "tiny": {"requests": 3, "duration": 1, "memory": 50, "deep": 3, "page_seconds": 5},
    "medium": {"requests": 20, "duration": 3, "memory": 1_000, "deep": 100, "page_seconds": 30},
    "large": {"requests": 30, "duration": 5, "memory": 10_000, "deep": 2000, "page_seconds": 60},
}


def env(name: str, default):
    return type(default)(os.environ.get(name, default)) if os.environ.get(name) else default


def options(argv=None) -> argparse.Namespace:
    # The size decides the other defaults, so it is read first.
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--size", default=os.environ.get("BENCH_SIZE") or "large")
    size = first.parse_known_args(argv)[0].size
    preset = SIZES.get(size, SIZES["large"])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--size", default=size, choices=sorted(SIZES), help="data size (BENCH_SIZE)")
    add("--db", default=env("BENCH_DB", f"bench_{size}"), help="database name (BENCH_DB)")
    add(
        "--db-server",
        default=env("BENCH_DB_SERVER", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without the database (BENCH_DB_SERVER)",
    )
    add(
        "--requests",
        type=int,
        default=env("BENCH_REQUESTS", preset["requests"]),
        help="requests per page at 1 connection (BENCH_REQUESTS)",
    )
    add(
        "--page-seconds",
        type=float,
        default=env("BENCH_PAGE_SECONDS", float(preset["page_seconds"])),
        help="stop a page's 1-connection requests after this long, whatever --requests says "
        "(at least 3 requests are made) (BENCH_PAGE_SECONDS)",
    )
    add(
        "--duration",
        type=int,
        default=env("BENCH_DURATION", preset["duration"]),
        help="seconds of load per page (BENCH_DURATION)",
    )
    add("--connections", type=int, default=env("BENCH_CONNECTIONS", 16))
    add(
        "--load-over",
        type=float,
        default=env("BENCH_LOAD_OVER", 2.0),
        help="skip the load test of pages whose median is over this many seconds (BENCH_LOAD_OVER)",
    )
    add(
        "--memory-requests",
        type=int,
        default=env("BENCH_MEMORY_REQUESTS", preset["memory"]),
        help="mixed requests for the memory measurement; 0 to skip (BENCH_MEMORY_REQUESTS)",
    )
    add(
        "--deep-page",
        type=int,
        default=env("BENCH_DEEP_PAGE", preset["deep"]),
        help="how deep the activity log's deep page is (BENCH_DEEP_PAGE)",
    )
    add(
        "--cache",
        default=env("BENCH_CACHE", "both"),
        choices=["off", "on", "both"],
        help="measure with the page cache off, on, or both (BENCH_CACHE)",
    )
    add(
        "--cache-on-env",
        default=env(
            "BENCH_CACHE_ON_ENV",
            "DJANGO_CACHE_URL=redis://127.0.0.1:6379/6 DJANGO_PAGE_CACHE_SECONDS=600",
        ),
        help="environment settings that switch the page cache on (BENCH_CACHE_ON_ENV)",
    )
    add(
        "--cache-off-env",
        default=env("BENCH_CACHE_OFF_ENV", "DJANGO_PAGE_CACHE_SECONDS=0"),
        help="environment settings that switch it off (BENCH_CACHE_OFF_ENV)",
    )
    add("--port", type=int, default=env("BENCH_PORT", 8100), help="gunicorn's port (BENCH_PORT)")
    add(
        "--nginx-port",
        type=int,
        default=env("BENCH_NGINX_PORT", 8101),
        help="nginx's port; 0 to skip nginx (BENCH_NGINX_PORT)",
    )
    add("--workers", type=int, default=env("BENCH_WORKERS", 2))
    add("--out", default=env("BENCH_OUT", str(ROOT / "var" / "bench")), help="results folder")
    add("--compare", default=env("BENCH_COMPARE", ""), help="an earlier run's JSON to compare")
    add("--no-install", action="store_true", help="never apt-get install wrk or nginx")
    add(
        "--no-sending",
        dest="sending",
        action="store_false",
        help="skip the newsletter-sending measurement (bench/sending.py), if there is one",
    )
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# Tools


def ensure_program(program: str, package: str, *, allowed: bool, required: bool) -> str | None:
    """The program's path, installed from Debian's packages if missing (as root, if allowed)."""
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
    if found or not allowed or os.geteuid() != 0 or not shutil.which("apt-get"):
        if not found and required:
            raise SystemExit(f"{program} is needed: install it with 'apt-get install {package}'.")
        return found
    say(f"installing {package} (apt-get)")
    quiet = {
        "stdout": subprocess.DEVNULL,
        "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    }
    subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
        check=required,
        **quiet,
    )
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
    if not found and required:
        raise SystemExit(f"{program} could not be installed.")
    return found


# The database and the site's environment


def site_environment(opts, extra: str = "") -> dict:
    """Production settings: debug off, a random secret key, plain HTTP on localhost."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    environment.update(
        DATABASE_URL=f"{opts.db_server.rstrip('/')}/{opts.db}",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1,testserver",
        DJANGO_HTTPS="0",
        DJANGO_STATIC_ROOT=str(Path(opts.out) / "static"),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SITE_URL=f"http://{HOST}:{opts.port}",
        PYTHONPATH=str(ROOT),
    )
    for item in shlex.split(extra):
        name, _, value = item.partition("=")
        environment[name] = value
    return environment


def ensure_database(opts) -> None:
    with psycopg.connect(f"{opts.db_server.rstrip('/')}/postgres", autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [opts.db]).fetchone():
            return
        say(f"creating the database {opts.db}")
        db.execute(f'CREATE DATABASE "{opts.db}"')


def manage(environment: dict, *args: str) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment, check=True)
    return time.monotonic() - started


def probe(environment: dict, opts, *, sending: bool) -> dict:
    """The pages to measure, their query counts and the data's size (see bench/probe.py)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [PYTHON, "-m", "bench.probe", out.name],
            cwd=ROOT,
            env={
                **environment,
                "BENCH_DEEP_PAGE": str(opts.deep_page),
                "BENCH_SENDING": "1" if sending else "0",
            },
            check=True,
        )
        return json.loads(Path(out.name).read_text())


# Servers


class Gunicorn:
    def __init__(self, environment: dict, opts, log: Path):
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "oig_site.wsgi",
                f"--workers={opts.workers}",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{opts.port}",
                "--timeout=300",
                "--graceful-timeout=5",
                # Not needed here, and its default path is shared by every gunicorn of the user.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=self.log,
        )
        self.port = opts.port

    def wait(self, path: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start-up: see {self.log.name}")
            try:
                if get(self.port, path, timeout=5)[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer in time")

    def workers(self) -> list[int]:
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Nginx:
    """nginx run as the current user, with the project's configuration filled in, under a
    temporary folder."""

    def __init__(self, program: str, opts, static_root: Path, media_root: Path):
        self.folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        site = Template((ROOT / "deploy" / "nginx" / "coproduction.conf.template").read_text())
        (self.folder / "site.conf").write_text(
            site.safe_substitute(
                LISTEN=f"127.0.0.1:{opts.nginx_port}",
                SERVER_NAME=HOST,
                APP_SERVER=f"127.0.0.1:{opts.port}",
                STATIC_ROOT=str(static_root),
                MEDIA_ROOT=str(media_root),
                CACHE_DIR=str(self.folder / "cache"),
            )
        )
        temp = self.folder / "temp"
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"""{user}worker_processes auto;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.folder}/site.conf;
}}
"""
        )
        temp.mkdir()
        config = ["-p", str(self.folder), "-c", str(self.folder / "nginx.conf")]
        subprocess.run([program, "-t", "-q", *config], check=True)
        self.process = subprocess.Popen(
            [program, *config, "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "stderr.log").open("wb"),
        )
        self.port = opts.nginx_port
        for _ in range(50):
            try:
                get(self.port, "/robots.txt", timeout=5)
                return
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish the requests in hand
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


# Measuring


def get(port: int, path: str, timeout: float = 300, connection=None):
    """One GET: (status, body, seconds). Reuses ``connection`` if given."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Host": HOST, "Accept-Encoding": "identity"})
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - started
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
        return response.status, body, seconds
    finally:
        if own:
            connection.close()


def sizes(body: bytes) -> dict:
    result = {"raw": len(body), "gzip": len(gzip.compress(body, compresslevel=6))}
    if brotli is not None:
        result["brotli"] = len(brotli.compress(body, quality=5))
    return result


def one_connection(port: int, path: str, count: int, limit: float) -> dict:
    """``count`` requests one after another (at least 3, stopping after ``limit`` seconds)."""
    times, statuses, body = [], {}, b""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.monotonic()
    try:
        get(port, path, connection=connection)  # warm up: not counted
        for done in range(count):
            if done >= 3 and time.monotonic() - started > limit:
                break
            status, body, seconds = get(port, path, connection=connection)
            times.append(seconds)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
    finally:
        connection.close()
    return {
        "requests": len(times),
        "median_ms": round(median(times) * 1000, 1) if times else None,
        "p95_ms": round(percentile(times, 0.95) * 1000, 1) if times else None,
        "statuses": statuses,
        "body": body,
    }


def load(port: int, path: str, opts) -> dict:
    """wrk at ``--connections`` connections for ``--duration`` seconds."""
    completed = subprocess.run(
        [
            "wrk",
            f"-t{min(2, opts.connections)}",
            f"-c{opts.connections}",
            f"-d{opts.duration}s",
            "--timeout=60s",
            "-H",
            f"Host: {HOST}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return parse_wrk(completed.stdout)


def parse_wrk(output: str) -> dict:
    def number(pattern: str) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else 0.0

    timeouts = number(r"timeout (\d+)")
    return {
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "timeouts": int(timeouts),
    }


def css_sizes(port: int, html: str, cache: dict) -> dict:
    """The page's stylesheets, summed, raw and compressed."""
    total = {"raw": 0, "gzip": 0}
    if brotli is not None:
        total["brotli"] = 0
    for match in STYLESHEET.finditer(html):
        href = urlsplit(match.group(1) or match.group(2)).path
        if href not in cache:
            status, body, _ = get(port, href)
            cache[href] = sizes(body) if status == 200 else {"raw": 0, "gzip": 0}
        for key in total:
            total[key] += cache[href].get(key, 0)
    return total


def measure_pages(server_port: int, pages: list[dict], static: str, opts) -> list[dict]:
    rows, css_cache = [], {}
    for page in [{"name": "static file (WhiteNoise)", "path": static, "kind": "static"}, *pages]:
        say(f"  {page['name']}: {page['path']}")
        timing = one_connection(server_port, page["path"], opts.requests, opts.page_seconds)
        body = timing.pop("body")
        row = {**page, **timing}
        statuses = dict(row["statuses"])
        if "status" in page:  # the probe's request counts as well
            statuses[str(page["status"])] = statuses.get(str(page["status"]), 0) + 1
        row["statuses"] = statuses
        row["html"] = sizes(body)
        if page["kind"] != "static":
            row["css"] = css_sizes(server_port, body.decode(errors="replace"), css_cache)
        if row["median_ms"] is not None and row["median_ms"] / 1000 <= opts.load_over:
            row["load"] = load(server_port, page["path"], opts)
            # Wait for the server to finish the requests wrk left behind.
            get(server_port, static, timeout=600)
        else:
            row["load"] = None
        rows.append(row)
    return rows


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure_memory(server: Gunicorn, pages: list[dict], count: int) -> dict:
    """Each worker's resident memory before and after ``count`` requests across every page
    (two clients at once, so both workers take their share)."""
    workers = server.workers()
    before = {pid: rss_kb(pid) for pid in workers}
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    paths = [page["path"] for page in pages]

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
        for number in range(offset, count, 2):
            try:
                status, _, _ = get(server.port, paths[number % len(paths)], connection=connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(offset,)) for offset in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = {pid: rss_kb(pid) for pid in workers if Path(f"/proc/{pid}").exists()}
    return {
        "name": "memory run",
        "requests": count,
        "seconds": round(time.monotonic() - started, 1),
        "statuses": statuses,
        "workers": [
            {
                "pid": pid,
                "before_mb": round(before[pid] / 1024, 1),
                "after_mb": round(after[pid] / 1024, 1) if pid in after else None,
            }
            for pid in workers
        ],
        "restarted_workers": sorted(set(server.workers()) - set(workers)),
    }


def measure_nginx(program: str, opts, rows: list[dict], static: str, static_root: Path):
    """nginx's own static-file rate, and each page through its micro-cache (not the pages too
    slow to load-test without it: see ``--load-over``)."""
    pages = [row for row in rows if row["kind"] != "static" and row.get("load")]
    media_root = Path(os.environ.get("DJANGO_MEDIA_ROOT", ROOT / "var" / "media"))
    server = Nginx(program, opts, static_root, media_root)
    try:
        nginx_rows = []
        for page in [{"name": "static file (nginx)", "path": static, "kind": "static"}, *pages]:
            say(f"  nginx: {page['name']}")
            status, _, _ = get(server.port, page["path"])
            row = {"name": page["name"], "path": page["path"], "statuses": {str(status): 1}}
            row["load"] = load(server.port, page["path"], opts) if status < 500 else None
            nginx_rows.append(row)
            # Wait for gunicorn to finish what nginx passed on.
            get(opts.port, static, timeout=600)
        return nginx_rows
    finally:
        server.stop()


# Output


def kb(value) -> str:
    return "–" if value is None else f"{value / 1024:,.1f}"


def table(rows: list[dict]) -> str:
    header = (
        f"{'page':<28} {'status':>6} {'SQL':>4} {'median ms':>10} {'p95 ms':>9} "
        f"{'req/s@c':>9} {'HTML KB':>8} {'gz':>6} {'CSS gz':>7} {'total gz':>8}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        statuses = ",".join(sorted(row.get("statuses", {})))
        load_row = row.get("load")
        rate = f"{load_row['requests_per_second']:,.1f}" if load_row else "–"
        css = row.get("css") or {}
        total = row["html"]["gzip"] + css.get("gzip", 0)
        queries = row.get("queries", "")
        lines.append(
            f"{row['name'][:28]:<28} {statuses:>6} {queries!s:>4} {row['median_ms'] or '–':>10} "
            f"{row['p95_ms'] or '–':>9} {rate:>9} {kb(row['html']['raw']):>8} "
            f"{kb(row['html']['gzip']):>6} {kb(css.get('gzip')):>7} {kb(total):>8}"
        )
    return "\n".join(lines)


def nginx_table(rows: list[dict], static_rate: float) -> str:
    lines = [f"{'page through nginx':<28} {'status':>6} {'req/s':>10} {'of static':>9}"]
    for row in rows:
        rate = row["load"]["requests_per_second"] if row.get("load") else 0
        share = f"{rate / static_rate:.0%}" if static_rate else "–"
        statuses = ",".join(row["statuses"])
        lines.append(f"{row['name'][:28]:<28} {statuses:>6} {rate:>10,.1f} {share:>9}")
    return "\n".join(lines)


def comparison(old: dict, new: dict) -> str:
    lines = [f"{'page':<28} {'median ms (old → new)':>24} {'req/s (old → new)':>24}"]
    for mode, result in new["modes"].items():
        before = {row["name"]: row for row in old.get("modes", {}).get(mode, {}).get("pages", [])}
        lines.append(f"[{mode}]")
        for row in result["pages"]:
            was = before.get(row["name"])
            if not was:
                continue

            def rate(r):
                return f"{r['load']['requests_per_second']:,.1f}" if r.get("load") else "–"

            times = f"{was['median_ms']} → {row['median_ms']}"
            rates = f"{rate(was)} → {rate(row)}"
            lines.append(f"{row['name'][:28]:<28} {times:>24} {rates:>24}")
    return "\n".join(lines)


def main(argv=None) -> int:
    opts = options(argv)
    os.chdir(ROOT)
    install = not opts.no_install
    ensure_program("wrk", "wrk", allowed=install, required=True)
    nginx = None
    if opts.nginx_port:
        nginx = ensure_program("nginx", "nginx", allowed=install, required=False)
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    static_root = out / "static"

    base = site_environment(opts)
    ensure_database(opts)
    say(f"database {opts.db}: migrating")
    manage(base, "migrate", "--noinput", "-v0")
    say(f"generating {opts.size} data if the database is empty")
    generate_seconds = manage(base, "generate_scale_data", "--size", opts.size, "--if-empty")
    say("collecting static files")
    manage(base, "collectstatic", "--noinput", "-v0")

    modes = {"off": ["uncached"], "on": ["cached"], "both": ["uncached", "cached"]}[opts.cache]
    if "redis://" in opts.cache_on_env and importlib.util.find_spec("redis") is None:
        say("the cached run needs the redis package, which is not installed: skipped")
        modes = [mode for mode in modes if mode != "cached"] or ["uncached"]
    result = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "options": {k: v for k, v in vars(opts).items() if k not in {"compare"}},
        "generate_seconds": round(generate_seconds, 1),
        "modes": {},
    }
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    result["commit"] = commit.stdout.strip()
    problems = []
    for number, mode in enumerate(modes):
        extra = opts.cache_on_env if mode == "cached" else opts.cache_off_env
        environment = site_environment(opts, extra)
        say(f"[{mode}] finding pages and counting queries ({extra})")
        found = probe(environment, opts, sending=number == 0 and opts.sending)
        result["data"] = found["data"]
        if found.get("sending") is not None:
            result["sending"] = found["sending"]
        server = Gunicorn(environment, opts, out / "gunicorn.log")
        try:
            server.wait(found["static"])
            say(f"[{mode}] measuring {len(found['pages'])} pages and a static file")
            rows = measure_pages(opts.port, found["pages"], found["static"], opts)
            mode_result = {"environment": extra, "pages": rows}
            if number == 0 and opts.memory_requests:
                say(f"[{mode}] memory: {opts.memory_requests} mixed requests")
                mode_result["memory"] = measure_memory(server, found["pages"], opts.memory_requests)
                rows_for_checks = [*rows, mode_result["memory"]]
            else:
                rows_for_checks = rows
            if nginx and mode == modes[-1]:
                say(f"[{mode}] nginx in front")
                mode_result["nginx"] = measure_nginx(
                    nginx, opts, rows, found["static"], static_root
                )
                rows_for_checks = [*rows_for_checks, *mode_result["nginx"]]
            problems += [f"[{mode}] {problem}" for problem in failures(rows_for_checks)]
            result["modes"][mode] = mode_result
        finally:
            server.stop()

    result["failures"] = problems
    report(result)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, indent=2)
    (out / f"{stamp}.json").write_text(text)
    (out / "latest.json").write_text(text)
    say(f"results written to {out / f'{stamp}.json'} and {out / 'latest.json'}")
    if opts.compare:
        print("\nCompared with", opts.compare)
        print(comparison(json.loads(Path(opts.compare).read_text()), result))
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems))
        return 1
    return 0


def report(result: dict) -> None:
    data = ", ".join(f"{n:,} {label.split('.')[1]}" for label, n in result["data"].items() if n)
    print(f"\nData: {data}")
    connections = result["options"]["connections"]
    for mode, mode_result in result["modes"].items():
        print(
            f"\n[{mode}] gunicorn, {result['options']['workers']} sync workers; req/s@c at "
            f"{connections} connections ({mode_result['environment']})"
        )
        print(table(mode_result["pages"]))
        memory = mode_result.get("memory")
        if memory:
            print(f"\nMemory over {memory['requests']:,} mixed requests ({memory['seconds']} s):")
            for worker in memory["workers"]:
                growth = (
                    f"{worker['after_mb'] - worker['before_mb']:+.1f} MB"
                    if worker["after_mb"] is not None
                    else "restarted"
                )
                print(
                    f"  worker {worker['pid']}: {worker['before_mb']} MB → "
                    f"{worker['after_mb']} MB ({growth})"
                )
        if mode_result.get("nginx"):
            rows = mode_result["nginx"]
            static_rate = rows[0]["load"]["requests_per_second"] if rows[0].get("load") else 0
            print()
            print(nginx_table(rows, static_rate))
    sending = result.get("sending")
    if sending:
        print(f"\nNewsletter sending: {json.dumps(sending)}")
    else:
        print("\nNewsletter sending: not measured (no bench/sending.py)")


if __name__ == "__main__":
    sys.exit(main())
