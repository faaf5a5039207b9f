#!/usr/bin/env python3
"""What playback telemetry costs the edge, and what it survives, measured side by side in one run.

Starts the embedded Rend (rend-dev.jar: its S3Proxy origin, and its own ClickHouse, which needs
clickhouse-server installed) and four standalone edges on the same origin and files, differing only in
their telemetry:
  off         no REND_CLICKHOUSE_URL (telemetry off)
  up          the embedded mode's ClickHouse
  down        a loopback port nobody listens on (ClickHouse stopped)
  blackholed  a listener that accepts connections and never answers
Then runs wrk against each edge's HIT in alternating rounds (the order rotates every round) and
reports per scenario the median requests/s and p99, their ratios against `up` and `off`, the events/s
the `up` edge got into ClickHouse while serving, and what each edge's telemetry meters say (events,
sent, dropped, spool bytes). Prints one JSON document with the git SHA and host facts.

Usage: python3 bench/telemetry/bench.py [--rounds 5] [--duration 10] [--connections 32] [--size 16384]
Needs: wrk, clickhouse-server, java 17, and `./mvnw -q -DskipTests -pl dev -am package` run first.
"""
import argparse, glob, json, os, platform, re, shutil, signal, socket, statistics, subprocess, sys
import tempfile, threading, time, urllib.request, uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "edge"))
from bench import ROOT, KEY_ID, SECRET, free_port, token, wait_http, get, wrk  # noqa: E402

SCENARIOS = ("off", "up", "down", "blackholed")
INTERNAL_TOKEN = "bench-internal-token"


def blackhole():
    """A listener that accepts and never answers; returns its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1024)
    held = []

    def accept():
        while True:
            held.append(server.accept()[0])
    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def clickhouse(url, sql):
    with urllib.request.urlopen(urllib.request.Request(url, data=sql.encode()), timeout=30) as r:
        return r.read().decode().strip()


def meters(internal_port):
    request = urllib.request.Request(f"http://127.0.0.1:{internal_port}/metrics",
                                     headers={"x-rend-internal-token": INTERNAL_TOKEN})
    with urllib.request.urlopen(request, timeout=10) as r:
        text = r.read().decode()
    found = {}
    for line in text.splitlines():
        m = re.match(r"^(rend_edge_telemetry_[a-z_]+)(\{[^}]*\})?\s+([0-9.eE+-]+)$", line)
        if m:
            found[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    return found


def start_edge(jar, name, data, s3_port, clickhouse_url, jvm):
    port, internal = free_port(), free_port()
    env = dict(os.environ, REND_EDGE_HOST="127.0.0.1", REND_EDGE_PORT=str(port),
               REND_EDGE_INTERNAL_HOST="127.0.0.1", REND_EDGE_INTERNAL_PORT=str(internal),
               REND_EDGE_ID=f"bench-{name}", REND_EDGE_CACHE_DIR=os.path.join(data, f"cache-{name}"),
               REND_S3_ENDPOINT=f"http://127.0.0.1:{s3_port}", REND_S3_BUCKET="rend-local",
               REND_S3_ACCESS_KEY_ID="rend-local", REND_S3_SECRET_ACCESS_KEY="rend-local-secret",
               REND_PLAYBACK_SIGNING_KEY_ID=KEY_ID, REND_PLAYBACK_SIGNING_SECRET=SECRET.decode(),
               REND_INTERNAL_TOKEN=INTERNAL_TOKEN, REND_CLICKHOUSE_TIMEOUT_MS="2000")
    if clickhouse_url:
        env["REND_CLICKHOUSE_URL"] = clickhouse_url
    process = subprocess.Popen(["java", *jvm.split(), "-jar", jar], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    return process, f"http://127.0.0.1:{port}", internal


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--size", type=int, default=16384, help="bytes of the object served (small: telemetry's worst case)")
    ap.add_argument("--warmup", type=int, default=15, help="seconds of unmeasured load per edge first (JIT)")
    ap.add_argument("--edge-jvm", default="-Xmx512m")
    args = ap.parse_args()
    jar = os.path.join(ROOT, "dev", "target", "rend-dev.jar")
    edge_jars = sorted(glob.glob(os.path.join(ROOT, "edge", "target", "rend-edge-*-exec.jar")))
    if not os.path.exists(jar) or not edge_jars:
        raise SystemExit("build first: ./mvnw -q -DskipTests -pl dev -am package")
    data = tempfile.mkdtemp(prefix="rend-bench-telemetry-")
    api_port, s3_port, ch_port = free_port(), free_port(), free_port()
    env = dict(os.environ, REND_DATA_DIR=data, REND_API_PORT=str(api_port), REND_API_INTERNAL_PORT="0",
               REND_EDGE_PORT="0", REND_EDGE_INTERNAL_PORT="0", REND_WORKER_PORT="0",
               REND_EMBEDDED_POSTGRES_PORT="0", REND_EMBEDDED_S3_PORT=str(s3_port),
               REND_EMBEDDED_CLICKHOUSE_PORT=str(ch_port))
    env.pop("REND_CLICKHOUSE_URL", None)
    processes = [subprocess.Popen(["java", "-Xmx1g", "-jar", jar], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        wait_http(f"http://127.0.0.1:{api_port}/readyz", 180)
        ch = f"http://127.0.0.1:{ch_port}"
        wait_http(ch + "/ping", 30)
        # The API migrated ClickHouse on start; wait until the table is there.
        for _ in range(100):
            if clickhouse(ch, "EXISTS TABLE rend.playback_events") == "1":
                break
            time.sleep(0.2)
        closed = free_port()
        targets = {"off": None, "up": ch, "down": f"http://127.0.0.1:{closed}",
                   "blackholed": f"http://127.0.0.1:{blackhole()}"}
        edges = {}
        for name in SCENARIOS:
            process, url, internal = start_edge(edge_jars[-1], name, data, s3_port, targets[name], args.edge_jvm)
            processes.append(process)
            edges[name] = (url, internal)
        asset = str(uuid.uuid4())
        path = "hls/720p/segment_00001.m4s"
        objects = os.path.join(data, "objects", "rend-local", "videos", asset, path)
        os.makedirs(os.path.dirname(objects), exist_ok=True)
        with open(objects, "wb") as f:
            f.write(os.urandom(args.size))
        tok = token(asset)
        urls = {}
        for name, (url, _) in edges.items():
            wait_http(url + "/healthz", 120)
            urls[name] = f"{url}/p/{tok}/{asset}/{path}"
            get(urls[name])
            for _ in range(40):
                if get(urls[name])[1] == "HIT":
                    break
                time.sleep(0.05)
            else:
                raise SystemExit(f"{name}: never a cache HIT")
        for name in SCENARIOS:
            wrk(urls[name], args.threads, args.connections, args.warmup)
        runs = {name: [] for name in SCENARIOS}
        up_events = []
        for r in range(args.rounds):
            order = SCENARIOS[r % len(SCENARIOS):] + SCENARIOS[:r % len(SCENARIOS)]
            for name in order:
                before = None
                if name == "up":
                    time.sleep(2.5)  # the last round's events flushed
                    before = int(clickhouse(ch, "SELECT count() FROM rend.playback_events WHERE edge_id = 'bench-up'"))
                result = wrk(urls[name], args.threads, args.connections, args.duration)
                runs[name].append(result)
                if name == "up":
                    time.sleep(2.5)
                    after = int(clickhouse(ch, "SELECT count() FROM rend.playback_events WHERE edge_id = 'bench-up'"))
                    up_events.append({"events": after - before,
                                      "requests": round(result["requests_per_second"] * args.duration),
                                      "events_per_second": round((after - before) / args.duration, 1)})
        summary = {}
        for name in SCENARIOS:
            rps = statistics.median(x["requests_per_second"] for x in runs[name])
            p99 = statistics.median(x["p99_ms"] for x in runs[name])
            rps_all = [x["requests_per_second"] for x in runs[name]]
            summary[name] = {"median_requests_per_second": round(rps, 1), "median_p99_ms": round(p99, 3),
                             "requests_per_second_runs": rps_all,
                             "p99_ms_runs": [x["p99_ms"] for x in runs[name]],
                             "non_2xx": sum(x["non_2xx"] for x in runs[name]),
                             "spread_pct": round(100 * (max(rps_all) - min(rps_all)) / rps, 1),
                             "meters": meters(edges[name][1])}
        ratios = {}
        for name in ("down", "blackholed"):
            ratios[f"{name}_over_up"] = {
                "throughput": round(summary[name]["median_requests_per_second"] / summary["up"]["median_requests_per_second"], 3),
                "p99": round(summary[name]["median_p99_ms"] / summary["up"]["median_p99_ms"], 3)}
        ratios["up_over_off"] = {
            "throughput": round(summary["up"]["median_requests_per_second"] / summary["off"]["median_requests_per_second"], 3),
            "p99": round(summary["up"]["median_p99_ms"] / summary["off"]["median_p99_ms"], 3)}
        sha = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        print(json.dumps({
            "benchmark": "edge_telemetry_cost", "git_sha": sha,
            "host": {"cpus": os.cpu_count(), "machine": platform.machine(), "kernel": platform.release(),
                     "load_average_at_end": os.getloadavg(),
                     "clickhouse": clickhouse(ch, "SELECT version()")},
            "load": {"tool": "wrk", "threads": args.threads, "connections": args.connections,
                     "seconds": args.duration, "rounds": args.rounds, "object_bytes": args.size,
                     "note": "wrk, four edge JVMs, rend-dev and ClickHouse share the same cores; rounds alternate the scenarios"},
            "scenarios": summary, "ratios": ratios, "up_edge_events_in_clickhouse": up_events}, indent=2))
    finally:
        for p in processes:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
