"""Measure how throughput changes with Datasette replicas behind nginx, on 127.0.0.1 only.

    python bench/replicas.py [--db PATH] [--replicas 1 2 4] [--clients 16] [--seconds 10]

For each replica count N, starts N copies of this site (scripts/serve, each on its
own port of 127.0.0.1, all on the same read-only database file) and an nginx that
spreads requests over them round-robin through keep-alive connections. It then
runs the load generator of bench/serve_bench.py against nginx with `--clients`
concurrent clients for `--seconds` seconds on a record page and a canned query as
JSON. A first row per endpoint measures one replica without nginx, so the cost of
the proxy is visible. It prints p50/p95/p99 latency, requests per second, errors,
and the CPU used by the load generator, the replicas and nginx, in cores,
because all of them share this machine's cores.

Without --db it builds a synthetic database as bench/serve_bench.py does.
nginx comes from Debian (`apt-get install -y nginx`). Every process it starts
is stopped when it ends, also on Ctrl-C or an error.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from serve_bench import ENDPOINTS, free_port, load  # noqa: E402

log = logging.getLogger("replicas")

MEASURED_ENDPOINTS = ("record page", "canned query JSON")
STARTUP_TIMEOUT_SECONDS = 60
WARMUP_REQUESTS = 20
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def nginx_config(prefix: Path, listen_port: int, backend_ports: list[int]) -> str:
    """Return an nginx configuration that listens on 127.0.0.1:`listen_port` and
    proxies to one server per backend port, keeping its pid file, logs and
    temporary files under `prefix`."""
    if not backend_ports:
        raise ValueError("nginx_config needs at least one backend port")
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in backend_ports)
    return f"""\
# Written by bench/replicas.py for one measurement.
daemon off;
# One worker leaves the cores to the replicas and the load generator. The
# "nginx CPU cores" column shows how much of a core it uses.
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;

    upstream datasette {{
{servers}
        # Idle connections kept open to the replicas, per worker.
        keepalive 32;
    }}

    server {{
        listen 127.0.0.1:{listen_port};
        location / {{
            proxy_pass http://datasette;
            # Keep-alive to the upstream needs HTTP/1.1 and no Connection: close.
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def find_nginx(path: str | None) -> Path:
    candidates = [path] if path else [shutil.which("nginx"), "/usr/sbin/nginx"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    looked_at = ", ".join(str(candidate) for candidate in candidates if candidate)
    raise SystemExit(f"nginx not found (looked at {looked_at}): install it with "
                     "`apt-get install -y nginx` or pass --nginx PATH")


def synthetic_db(work: Path, recommendations: int) -> Path:
    """Return the synthetic database that bench/serve_bench.py uses, building it if missing."""
    package = work / f"package-{recommendations}"
    if not package.exists():
        log.info("generating %d synthetic recommendations in %s", recommendations, package)
        generate(package, recommendations)
    db = work / f"serve-{recommendations}" / "inquiries.db"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        log.info("building %s", db)
        subprocess.run([BIN / "python", ROOT / "build_db.py", "--package",
                        package / "datapackage.json", "--db", db, "--quiet"], check=True)
    return db


def endpoint_paths(db: Path) -> list[tuple[str, str]]:
    """Return (label, path on this site) for the measured endpoints, filled in with a
    recommendation and inquiry from `db` as bench/serve_bench.py picks them."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "select recommendation_id, inquiry_id from recommendation_status "
            "where report_id = 'report-5' limit 1"
        ).fetchone()
    finally:
        connection.close()
    if row is None:
        raise SystemExit(f"{db} has no recommendation of report-5: pass a database that "
                         "bench/generate.py and build_db.py built")
    rec, inq = row
    return [(label, path.format(rec=rec, inq=inq))
            for label, path, _, _ in ENDPOINTS if label in MEASURED_ENDPOINTS]


def wait_until_serving(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with code {process.returncode}; "
                               f"its log {log_path} ends:\n{tail(log_path)}")
        try:
            if httpx.get(f"{base}/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not respond within {STARTUP_TIMEOUT_SECONDS} s; "
                       f"see {log_path}")


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Processes:
    """Child processes that are all stopped when the `with` block ends, however it ends."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def __enter__(self) -> Processes:
        return self

    def start(self, command: list, log_path: Path, env: dict | None = None) -> subprocess.Popen:
        with log_path.open("wb") as log_file:
            process = subprocess.Popen([str(part) for part in command], env=env,
                                       stdout=log_file, stderr=subprocess.STDOUT)
        self.running.append(process)
        return process

    def __exit__(self, *exc_info) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log.warning("pid %d did not stop within 10 s of SIGTERM: killing it", process.pid)
                process.kill()
                process.wait()
        self.running.clear()


def process_tree(pid: int) -> list[int]:
    """Return `pid` and its child processes (nginx's workers), read from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            # Field 4 of /proc/PID/stat is the parent pid. The split is after the
            # name in brackets because the name may contain spaces.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return [pid, *children]


def cpu_seconds(pids: list[int]) -> float:
    """Return the user and system CPU time so far of the processes `pids`, in seconds."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            # utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks.
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def measure(base: str, path: str, clients: int, seconds: float, replica_pids: list[int],
            nginx_pids: list[int]) -> dict:
    """Run the load generator on `base` + `path` and add the CPU used meanwhile, in cores."""
    for _ in range(WARMUP_REQUESTS):
        response = httpx.get(base + path, timeout=30)
        if response.status_code != 200:
            raise RuntimeError(f"GET {base}{path} returned {response.status_code} before the "
                               "measurement: check the database and metadata.yml")
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    replicas_before = cpu_seconds(replica_pids)
    nginx_before = cpu_seconds(nginx_pids)
    started = time.monotonic()
    result = asyncio.run(load(base, path, clients, seconds))
    elapsed = time.monotonic() - started
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    client_seconds = (client_after.ru_utime - client_before.ru_utime
                      + client_after.ru_stime - client_before.ru_stime)
    result["client_cores"] = client_seconds / elapsed
    result["replica_cores"] = (cpu_seconds(replica_pids) - replicas_before) / elapsed
    result["nginx_cores"] = (cpu_seconds(nginx_pids) - nginx_before) / elapsed
    return result


def run_setup(label: str, replicas: int, use_nginx: bool, db: Path, inspect_file: Path,
              nginx: Path, work: Path, paths: list[tuple[str, str]], args) -> list[str]:
    """Start `replicas` servers, behind nginx if `use_nginx`, measure every path, stop
    them, and return one Markdown table row per path."""
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "SERVE_HOST": "127.0.0.1"}
    release_dir = work / "dist"
    rows = []
    with Processes() as processes:
        replica_ports = [free_port() for _ in range(replicas)]
        servers = []
        for index, port in enumerate(replica_ports):
            command = [ROOT / "scripts" / "serve", db, inspect_file, port, release_dir]
            log_path = work / f"replica-{replicas}-{index}.log"
            servers.append((processes.start(command, log_path, env), port, log_path))
        for process, port, log_path in servers:
            wait_until_serving(f"http://127.0.0.1:{port}", process, log_path)
        replica_pids = [process.pid for process, _, _ in servers]
        nginx_pids = []

        if use_nginx:
            prefix = work / f"nginx-{replicas}"
            prefix.mkdir()
            listen_port = free_port()
            config = prefix / "nginx.conf"
            config.write_text(nginx_config(prefix, listen_port, replica_ports))
            log_path = prefix / "stderr.log"
            proxy = processes.start([nginx, "-p", prefix, "-c", config,
                                     "-e", prefix / "error.log"], log_path)
            base = f"http://127.0.0.1:{listen_port}"
            wait_until_serving(base, proxy, log_path)
            nginx_pids = process_tree(proxy.pid)
        else:
            base = f"http://127.0.0.1:{replica_ports[0]}"
        log.info("measuring setup %r at %s", label, base)

        for endpoint, path in paths:
            result = measure(base, path, args.clients, args.seconds, replica_pids, nginx_pids)
            nginx_cores = f"{result['nginx_cores']:.2f}" if use_nginx else "-"
            rows.append(f"| {label} | {endpoint} | {result['p50']:.1f} | {result['p95']:.1f} | "
                        f"{result['p99']:.1f} | {result['rps']:.1f} | {result['errors']} | "
                        f"{result['client_cores']:.2f} | {result['replica_cores']:.2f} | "
                        f"{nginx_cores} |")
            print(rows[-1], flush=True)
    log.info("stopped setup %r", label)
    return rows


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        help="an existing database built by build_db.py (default: build a "
                             "synthetic one with --recommendations)")
    parser.add_argument("--recommendations", type=int, default=100_000,
                        help="size of the synthetic database when --db is not given "
                             "(default: 100000)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench",
                        help="folder for the synthetic package and database (default: %(default)s)")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 4],
                        help="replica counts to measure behind nginx (default: 1 2 4)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default: 16)")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="load duration per endpoint and setup, in seconds (default: 10)")
    parser.add_argument("--no-direct", action="store_true",
                        help="skip the row of one replica without nginx")
    parser.add_argument("--nginx", help="path of the nginx binary (default: nginx on PATH, "
                                        "then /usr/sbin/nginx)")
    args = parser.parse_args(argv)
    if any(count < 1 for count in args.replicas):
        parser.error(f"--replicas must be 1 or more, got {args.replicas}")
    if args.db is not None and not args.db.is_file():
        parser.error(f"--db {args.db}: file not found")
    return args


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s",
                        stream=sys.stderr)
    log.setLevel(logging.INFO)
    args = parse_args(argv)
    # SIGTERM exits through the `with` blocks too, so the servers are stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    nginx = find_nginx(args.nginx)
    db = args.db.resolve() if args.db else synthetic_db(args.work, args.recommendations)
    paths = endpoint_paths(db)

    with tempfile.TemporaryDirectory(prefix="replicas-") as folder:
        work = Path(folder)
        (work / "dist").mkdir()
        # Datasette names a database after its file, and metadata.yml and the
        # plugins expect the name "inquiries".
        served_db = work / "inquiries.db"
        served_db.symlink_to(db)
        inspect_file = work / "inspect-data.json"
        log.info("writing the inspect file of %s", db)
        subprocess.run([BIN / "datasette", "inspect", served_db, "--inspect-file",
                        inspect_file], check=True)
        nginx_version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip()
        # Other work on the machine takes cores from the measurement, so the
        # header records the one-minute load average before it starts.
        print(f"{db}, {args.clients} clients, {args.seconds:g} s per endpoint and setup, "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, {nginx_version}")
        print("| replicas | endpoint | p50 ms | p95 ms | p99 ms | req/s | errors | "
              "client CPU cores | replicas CPU cores | nginx CPU cores |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |", flush=True)
        setups = [] if args.no_direct else [("1, no nginx", 1, False)]
        setups += [(str(count), count, True) for count in args.replicas]
        for label, count, use_nginx in setups:
            run_setup(label, count, use_nginx, served_db, inspect_file, nginx, work, paths, args)


if __name__ == "__main__":
    main()
