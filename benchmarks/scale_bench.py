"""Scale benchmark: every page and JSON endpoint people open, at ten times the workflow data.

Run: `.venv/bin/python benchmarks/scale_bench.py [--scale 10] [--backends postgresql,sqlite]
[--n 60] [--workers 1,2]` (`--scale 0.1` for a quick run). Writes benchmarks/results/scale.json.

The data is the workflow benchmark's generator grown by `--scale` (10 = 1,000,000 requests,
1,000,000 pledges, 500,000 shipments with their lines, events and receipts), inserted into a
fresh database (PostgreSQL: created for the run and dropped at the end). Three people are added
to it (the coordinator, Brovary's staff and Jena's staff). The app runs under uvicorn in its own
process; each endpoint is called `--n` times per role that opens it, one after another, and the
benchmark records p50/p95 latency and the server's CPU seconds per call (from /proc). The CSV
export is read to the end while the server's peak memory is watched (a streamed export keeps it
flat). With `--workers 1,2` the request list's throughput is measured with one and with two
uvicorn workers (4 client threads), to show what a second worker gains on one PostgreSQL.

Target (issue 23): p95 < 100 ms for each endpoint.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, select, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workflow_bench as wb  # noqa: E402

from tracker.auth.models import User  # noqa: E402
from tracker.auth.security import hash_password  # noqa: E402
from tracker.auth.sessions import issue_api_token  # noqa: E402
from tracker.migrate import upgrade  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "scale.json"
P95_TARGET_MS = 100.0
PASSWORD = "Scale-bench-password-2026"
PEOPLE = {
    # key: (e-mail, role, organization id from the generator, or None)
    "coordinator": ("coordinator@bench.example.org", "coordinator", None),
    "community": ("staff@brovary.bench.example.org", "community", 1),
    "partner": ("staff@partner.bench.example.org", "partner", None),
}
UKRAINE = "22.0,44.0,40.5,52.5"


def add_people(url: str, data: wb.Dataset) -> dict[str, int]:
    """The three readers; the partner is the generator's first partner organization."""
    engine = create_engine(url)
    ids: dict[str, int] = {}
    password_hash = hash_password(PASSWORD)
    try:
        with engine.begin() as conn:
            partner_id = conn.execute(
                text("SELECT min(id) FROM organization WHERE kind = 'partner'")
            ).scalar_one()
            coordinator_org = conn.execute(
                text("SELECT min(id) FROM organization WHERE kind = 'coordinator'")
            ).scalar_one()
            for key, (email, role, org) in PEOPLE.items():
                existing = conn.execute(
                    select(User.id).where(User.email == email)  # type: ignore[arg-type]
                ).scalar_one_or_none()
                if existing is not None:
                    ids[key] = existing
                    continue
                org_id = {"partner": partner_id, "coordinator": coordinator_org}.get(key, org)
                ids[key] = conn.execute(
                    insert(User.__table__)  # type: ignore[attr-defined]
                    .values(
                        email=email,
                        role=role,
                        organization_id=org_id,
                        password_hash=password_hash,
                        full_name=key.title(),
                        is_active=True,
                        created_at=dt.datetime.now(dt.UTC),
                    )
                    .returning(User.__table__.c.id)  # type: ignore[attr-defined]
                ).scalar_one()
    finally:
        engine.dispose()
    return ids


def sign_in(base: str, email: str) -> httpx.Client:
    """A browser-like client signed in through the login form."""
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    answer = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert answer.status_code == 303, answer.text[:500]
    return client


def endpoints(ids: dict[str, Any], sample: dict[str, int]) -> list[tuple[str, str, str]]:
    """(name, role, path) for every page and endpoint measured."""
    request, shipment = sample["request"], sample["shipment"]
    community, partner = sample["community"], sample["partner"]
    api = [
        ("requests list", "/api/v1/requests?limit=50"),
        ("requests open generators", "/api/v1/requests?status=open&category=generator&limit=50"),
        ("requests critical", "/api/v1/requests?priority=critical&limit=50"),
        ("requests of a community", f"/api/v1/requests?community_id={community}&limit=50"),
        ("requests search", "/api/v1/requests?q=generator&limit=50"),
        ("requests page 100", "/api/v1/requests?limit=50&offset=5000"),
        ("pledges list", "/api/v1/pledges?limit=50"),
        ("pledges offered", "/api/v1/pledges?status=offered&limit=50"),
        ("shipments list", "/api/v1/shipments?limit=50"),
        ("shipments in transit", "/api/v1/shipments?status=in_transit&limit=50"),
        ("request", f"/api/v1/requests/{request}"),
        ("suggestions", f"/api/v1/requests/{request}/suggestions"),
        ("shipment", f"/api/v1/shipments/{shipment}"),
        ("map Ukraine zoom 6", f"/api/v1/map/features.geojson?bbox={UKRAINE}&zoom=6"),
        ("map Kyiv zoom 11", "/api/v1/map/features.geojson?bbox=30.2,50.3,31.0,50.7&zoom=11"),
        ("summary report", "/api/v1/reports/summary"),
        ("notifications", "/api/v1/notifications"),
    ]
    pages = [
        ("dashboard", "/"),
        ("requests page", "/requests"),
        ("pledges page", "/pledges"),
        ("shipments page", "/shipments"),
        ("request page", f"/requests/{request}"),
        ("shipment page", f"/shipments/{shipment}"),
        ("map page", "/map"),
        ("community report", f"/reports/communities/{community}"),
        ("partner report", f"/reports/partners/{partner}"),
    ]
    out = [(f"API {name}", "coordinator", path) for name, path in api]
    for role in ("coordinator", "community", "partner"):
        out += [(f"page {name}", role, path) for name, path in pages]
    return out


def cpu_seconds(pid: int) -> float:
    return wb._cpu_seconds(pid)  # noqa: SLF001


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(
    clients: dict[str, httpx.Client], plan: list[tuple[str, str, str]], n: int, pid: int
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    total = len(plan)
    for index, (name, role, path) in enumerate(plan, 1):
        client = clients[role]
        for _ in range(3):  # warm-up
            client.get(path)
        latencies: list[float] = []
        codes: dict[int, int] = {}
        cpu_before = cpu_seconds(pid)
        for _ in range(n):
            started = time.perf_counter()
            response = client.get(path)
            latencies.append((time.perf_counter() - started) * 1000)
            codes[response.status_code] = codes.get(response.status_code, 0) + 1
        cpu = (cpu_seconds(pid) - cpu_before) / n
        summary = wb._summary(latencies)  # noqa: SLF001
        key = f"{name} ({role})" if name.startswith("page") else name
        results[key] = {
            "path": path,
            "role": role,
            **summary,
            "server_cpu_ms": round(cpu * 1000, 2),
            "status_codes": {str(k): v for k, v in sorted(codes.items())},
            "p95_under_target": summary["p95_ms"] < P95_TARGET_MS,
        }
        print(
            f"  [{index}/{total}] {key}: p95 {summary['p95_ms']} ms, "
            f"cpu {results[key]['server_cpu_ms']} ms, {results[key]['status_codes']}",
            flush=True,
        )
    return results


def measure_export(client: httpx.Client, pid: int) -> dict[str, Any]:
    """The requests CSV read to the end, and the server's peak memory before and after."""
    before = peak_rss_mb(pid)
    started = time.perf_counter()
    size = rows = 0
    with client.stream("GET", "/api/v1/export/requests.csv") as response:
        status = response.status_code
        for chunk in response.iter_bytes():
            size += len(chunk)
            rows += chunk.count(b"\n")
    return {
        "status": status,
        "seconds": round(time.perf_counter() - started, 2),
        "mb": round(size / 1e6, 1),
        "rows": rows,
        "server_peak_rss_mb_before": round(before, 1),
        "server_peak_rss_mb_after": round(peak_rss_mb(pid), 1),
    }


def throughput(base: str, headers: dict[str, str], path: str, seconds: float) -> float:
    """Requests per second with 4 client threads."""
    done = [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def work() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            while time.monotonic() < stop:
                client.get(path).raise_for_status()
                with lock:
                    done[0] += 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return round(done[0] / seconds, 1)


def sample_ids(url: str, community: int) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            request = conn.execute(
                text(
                    "SELECT id FROM aid_request WHERE status = 'open' AND community_id = :c "
                    "ORDER BY id DESC LIMIT 1"
                ),
                {"c": community},
            ).scalar_one()
            shipment = conn.execute(
                text("SELECT id FROM shipment WHERE community_id = :c ORDER BY id DESC LIMIT 1"),
                {"c": community},
            ).scalar_one()
            partner = conn.execute(
                text("SELECT min(id) FROM organization WHERE kind = 'partner'")
            ).scalar_one()
    finally:
        engine.dispose()
    return {"request": request, "shipment": shipment, "community": community, "partner": partner}


def run_backend(url: str, data: wb.Dataset, args: argparse.Namespace, workdir: Path) -> dict:
    result: dict[str, Any] = {"generate_s": data.generate_s}
    started = time.perf_counter()
    upgrade(url)
    engine = create_engine(url)
    try:
        print("inserting…", flush=True)
        result["insert_s"] = round(wb.insert_all(engine, data), 1)
        if url.startswith("postgresql"):
            result["analyze_s"] = round(wb.analyze(engine), 1)
        with engine.connect() as conn:
            result["rows"] = {
                name: int(conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
                for name in wb.TABLE_ORDER
            }
    finally:
        engine.dispose()
    result["load_s"] = round(time.perf_counter() - started, 1)
    print(f"rows: {result['rows']}", flush=True)
    ids = add_people(url, data)
    sample = sample_ids(url, 1)
    engine = create_engine(url)
    with Session(engine) as session:
        token = issue_api_token(session, ids["coordinator"], wb.SECRET_KEY, 600)
        session.commit()
    engine.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    with wb.serve(url, workdir) as (base, pid):
        clients = {
            "coordinator": sign_in(base, PEOPLE["coordinator"][0]),
            "community": sign_in(base, PEOPLE["community"][0]),
            "partner": sign_in(base, PEOPLE["partner"][0]),
        }
        clients["coordinator"].headers.update(headers)
        try:
            result["endpoints"] = measure(clients, endpoints(ids, sample), args.n, pid)
            result["export_requests_csv"] = measure_export(clients["coordinator"], pid)
        finally:
            for client in clients.values():
                client.close()
        if 1 in args.workers:
            result.setdefault("throughput_rps", {})["1"] = throughput(
                base, headers, "/api/v1/requests?limit=50", args.seconds
            )
    if 2 in args.workers:
        with serve_workers(url, workdir, 2) as base:
            result.setdefault("throughput_rps", {})["2"] = throughput(
                base, headers, "/api/v1/requests?limit=50", args.seconds
            )
    slow = {k: v["p95_ms"] for k, v in result["endpoints"].items() if not v["p95_under_target"]}
    result["over_target"] = slow
    return result


def serve_workers(url: str, workdir: Path, workers: int):  # type: ignore[no-untyped-def]
    """uvicorn with several workers (the workflow benchmark's server, one flag changed)."""
    import contextlib
    import subprocess

    @contextlib.contextmanager
    def server():  # type: ignore[no-untyped-def]
        port = wb._free_port()  # noqa: SLF001
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TRACKER_SECRET_KEY": wb.SECRET_KEY,
            "TRACKER_DATA_DIR": str(workdir),
            "TRACKER_ENV": "test",
            "PYTHONPATH": str(wb.ROOT),
        }
        command = [sys.executable, "-m", "uvicorn", "tracker.app:create_app", "--factory"]
        command += ["--port", str(port), "--workers", str(workers), "--no-access-log"]
        command += ["--log-level", "warning"]
        proc = subprocess.Popen(command, env=env, cwd=workdir)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)

    return server()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10.0, help="10 = 1,000,000 requests")
    parser.add_argument("--backends", default="postgresql")
    parser.add_argument("--n", type=int, default=60, help="calls per endpoint and role")
    parser.add_argument("--seconds", type=float, default=10.0, help="each throughput window")
    parser.add_argument("--workers", default="1,2", help="uvicorn workers to compare")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("TRACKER_TEST_POSTGRES_URL", wb.DEFAULT_PG_URL)
    )
    args = parser.parse_args()
    args.workers = {int(w) for w in args.workers.split(",") if w.strip()}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # Reminders and e-mails are `tracker worker`'s job in production at this size; here the
    # servers only answer, so what is measured is the pages, not a background scan.
    os.environ["TRACKER_WORKER"] = "external"
    print(f"generating (scale {args.scale})…", flush=True)
    data = wb.Generator(args.scale, args.seed).build()
    wb.check_invariants(data)
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "calls_per_endpoint": args.n,
        "target_p95_ms": P95_TARGET_MS,
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "backends": {},
    }
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        with tempfile.TemporaryDirectory(prefix=f"tracker-scale-{backend}-") as tmp:
            workdir = Path(tmp)
            if backend == "sqlite":
                url = f"sqlite:///{workdir / 'tracker.db'}"
                report["backends"][backend] = run_backend(url, data, args, workdir)
                continue
            reason = wb.postgres_unavailable(args.postgres_url)
            if reason is not None:
                report["backends"][backend] = {"skipped": reason}
                continue
            with wb.postgres_database(args.postgres_url) as url:
                report["backends"][backend] = run_backend(url, data, args, workdir)
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS.relative_to(wb.ROOT)}")


if __name__ == "__main__":
    main()
