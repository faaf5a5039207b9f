#!/usr/bin/env python3
"""Rend's local playback benchmark: upload → playable → first byte at the edge → first frame.

For each fixture (a 10 s 720p and a 60 s 1080p test video made by the embedded jar's bundled ffmpeg,
cached under .rend/benchmarks/fixtures), against a live embedded Rend:
  - upload time and throughput (POST /v1/videos, the file streamed);
  - upload → opener_ready and → hls_ready (the asset polled every 20 ms);
  - first byte of the opener and of the first HLS segment through the edge, cold (after a purge
    through the edge's internal API) and warm;
  - coalescing: REND_BENCHMARK_COALESCING_CONCURRENCY (default 32) simultaneous requests for the
    purged first segment: how many origin fetches the edge made (its rend_edge_fills counter) and
    the spread of their first bytes;
and, when Chromium and the player's node_modules are there, first frame in headless Chromium from
bench/player/run.mjs (<rend-player>, plain hls.js, a bare <video>).

Prints a table and writes JSON (git SHA, dirty flag, host facts, settings, secret-presence booleans)
to .rend/benchmarks/playback-edge-local-<timestamp>.json, or REND_BENCHMARK_OUTPUT. Not a test: no
thresholds. Run it with bench/playback/run.sh (it starts an embedded Rend unless REND_API_URL is set).

Environment: REND_API_URL, REND_API_KEY, REND_EDGE_INTERNAL_URL, REND_INTERNAL_TOKEN (set by
scripts/with-embedded-rend.sh); REND_BENCHMARK_FIXTURES=small|medium|all (default all);
REND_BENCHMARK_COALESCING_CONCURRENCY; REND_BENCHMARK_OUTPUT; REND_BENCHMARK_SERVICE_REUSED.
"""
import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JAR = Path(os.environ.get("REND_DEV_JAR", ROOT / "dev/target/rend-dev.jar"))
FIXTURES = {
    "small": {"seconds": 10, "size": "1280x720"},
    "medium": {"seconds": 60, "size": "1920x1080"},
}


def env(name, default=None):
    value = os.environ.get(name)
    return value if value else default


API = env("REND_API_URL", "http://127.0.0.1:4000").rstrip("/")
API_KEY = env("REND_API_KEY", "dev-api-key")
EDGE_INTERNAL = env("REND_EDGE_INTERNAL_URL")
INTERNAL_TOKEN = env("REND_INTERNAL_TOKEN")
CONCURRENCY = int(env("REND_BENCHMARK_COALESCING_CONCURRENCY", "32"))


def connection(url):
    parts = urllib.parse.urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return cls(parts.hostname, parts.port, timeout=120), parts


def request(method, url, body=None, headers=None):
    conn, parts = connection(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def api(method, path, body=None, headers=None):
    all_headers = {"Authorization": "Bearer " + API_KEY}
    all_headers.update(headers or {})
    status, data = request(method, API + path, body, all_headers)
    if status >= 300:
        raise RuntimeError(f"{method} {path}: {status} {data[:300]!r}")
    return json.loads(data) if data else None


def first_byte_ms(url, headers=None):
    """Milliseconds from sending the request to the first body byte, on a new connection."""
    conn, parts = connection(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    conn.connect()
    start = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read(1)
    elapsed = (time.perf_counter() - start) * 1000
    cache = response.getheader("X-Rend-Cache")
    status = response.status
    response.read()
    conn.close()
    if status != 200:
        raise RuntimeError(f"GET {parts.path}: {status}")
    return round(elapsed, 2), cache


def fixture(name):
    spec = FIXTURES[name]
    folder = ROOT / ".rend/benchmarks/fixtures"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{spec['size']}-{spec['seconds']}s.mp4"
    if not path.exists():
        seconds = spec["seconds"]
        subprocess.run(
            ["java", "-jar", str(JAR), "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
             "-f", "lavfi", "-i", f"testsrc2=size={spec['size']}:rate=30:duration={seconds}",
             "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
             "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
             "-shortest", "-movflags", "+faststart", str(path) + ".tmp.mp4"],
            check=True)
        os.replace(str(path) + ".tmp.mp4", path)
    return path, spec


def upload(path):
    size = path.stat().st_size
    conn, parts = connection(API + "/v1/videos")
    start = time.perf_counter()
    with open(path, "rb") as body:
        conn.request("POST", "/v1/videos", body=body, headers={
            "Authorization": "Bearer " + API_KEY, "Content-Type": "video/mp4",
            "Content-Length": str(size)})
        response = conn.getresponse()
        data = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    if response.status >= 300:
        raise RuntimeError(f"upload: {response.status} {data[:300]!r}")
    asset = json.loads(data)
    return asset, start, {"bytes": size, "seconds": round(elapsed, 3),
                          "mbit_per_s": round(size * 8 / elapsed / 1e6, 1)}


def await_states(asset_id, started, timeout=900):
    """Seconds from the upload's start to opener_ready and to hls_ready."""
    reached = {}
    deadline = time.perf_counter() + timeout
    while "hls_ready" not in reached:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"asset {asset_id} not hls_ready after {timeout} s: {reached}")
        state = api("GET", f"/v1/assets/{asset_id}")["playable_state"]
        now = time.perf_counter() - started
        if state == "failed":
            raise RuntimeError(f"asset {asset_id} failed")
        if state in ("opener_ready", "hls_ready"):
            reached.setdefault("opener_ready", round(now, 3))
        if state == "hls_ready":
            reached["hls_ready"] = round(now, 3)
        time.sleep(0.02)
    return reached


def purge(asset_id):
    if not (EDGE_INTERNAL and INTERNAL_TOKEN):
        return False
    status, data = request(
        "POST", EDGE_INTERNAL.rstrip("/") + "/internal/purge",
        json.dumps({"asset_id": asset_id, "artifact_paths": []}),
        {"Content-Type": "application/json", "x-rend-internal-token": INTERNAL_TOKEN})
    if status != 200:
        raise RuntimeError(f"purge: {status} {data[:200]!r}")
    return True


def origin_fills():
    """The edge's count of origin fills started, from its Prometheus metrics (None: unreadable)."""
    if not (EDGE_INTERNAL and INTERNAL_TOKEN):
        return None
    for path in ("/metrics", "/actuator/prometheus"):
        try:
            status, data = request("GET", EDGE_INTERNAL.rstrip("/") + path, None,
                                   {"x-rend-internal-token": INTERNAL_TOKEN})
        except OSError:
            continue
        if status == 200:
            match = re.search(
                r'^rend_edge_fills(?:_total)?\{[^}]*outcome="started"[^}]*\} ([0-9.e+]+)$',
                data.decode(), re.MULTILINE)
            if match:
                return float(match.group(1))
    return None


def coalescing(asset_id, url):
    purged = purge(asset_id)
    before = origin_fills()
    barrier = threading.Barrier(CONCURRENCY)
    results = [None] * CONCURRENCY

    def one(i):
        barrier.wait()
        results[i] = first_byte_ms(url)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = origin_fills()
    times = sorted(r[0] for r in results)
    return {
        "concurrency": CONCURRENCY, "cold": purged,
        "origin_fetches": None if before is None or after is None else int(after - before),
        "first_byte_ms": {"min": times[0], "median": round(statistics.median(times), 2),
                          "max": times[-1], "spread": round(times[-1] - times[0], 2)},
        "cache_statuses": sorted({r[1] or "none" for r in results}),
    }


def edge_first_bytes(asset_id, boot):
    urls = {"opener": boot["opener_url"]}
    hints = boot.get("segment_hints") or []
    if hints:
        urls["first_segment"] = hints[-1] if len(hints) > 2 else hints[0]
    out = {}
    for name, url in urls.items():
        purged = purge(asset_id)
        cold, cold_cache = first_byte_ms(url)
        warm = [first_byte_ms(url)[0] for _ in range(5)]
        out[name] = {"cold_ms": cold, "cold_cache": cold_cache, "cold_after_purge": purged,
                     "warm_median_ms": round(statistics.median(warm), 2), "warm_ms": warm}
    return out, urls


def first_frame():
    if not (Path("/usr/bin/chromium").exists() and (ROOT / "player/node_modules").is_dir()
            and (ROOT / "player/dist/rend-player.js").exists()):
        return {"skipped": "no Chromium, player/node_modules or player/dist here"}
    result = subprocess.run(
        ["node", str(ROOT / "bench/player/run.mjs"), env("REND_BENCHMARK_FIRST_FRAME_RUNS", "5")],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "REND_BENCH_CONTEXT": "fresh"})
    if result.returncode != 0:
        return {"skipped": "bench/player/run.mjs failed: " + result.stderr[-500:]}
    return json.loads(result.stdout)


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT).stdout.strip()


def host():
    model = ""
    try:
        model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                      if l.startswith("model name")), "")
        mem = next((int(l.split()[1]) for l in open("/proc/meminfo")
                    if l.startswith("MemTotal")), 0)
    except OSError:
        mem = 0
    return {"cpus": os.cpu_count(), "cpu_model": model, "mem_gib": round(mem / 2**20, 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main():
    chosen = env("REND_BENCHMARK_FIXTURES", "all")
    names = list(FIXTURES) if chosen == "all" else chosen.split(",")
    runs = []
    for name in names:
        path, spec = fixture(name)
        asset, started, up = upload(path)
        asset_id = asset["asset_id"]
        states = await_states(asset_id, started)
        boot = api("GET", f"/v1/assets/{asset_id}/playback")
        edge, urls = edge_first_bytes(asset_id, boot)
        coalesce = coalescing(asset_id, urls.get("first_segment", urls["opener"]))
        runs.append({"fixture": name, "size": spec["size"], "seconds": spec["seconds"],
                     "bytes": up["bytes"], "asset_id": asset_id, "upload": up,
                     "seconds_from_upload_start": states, "edge": edge,
                     "coalescing": coalesce})
    report = {
        "benchmark": "playback-edge-local",
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git_sha": git("rev-parse", "HEAD"), "git_dirty": bool(git("status", "--porcelain")),
        "host": host(),
        "service_reused": env("REND_BENCHMARK_SERVICE_REUSED", "true") == "true",
        "settings": {"api_url": API, "edge_internal_url": EDGE_INTERNAL, "fixtures": names,
                     "coalescing_concurrency": CONCURRENCY},
        "secrets_present": {"api_key": bool(API_KEY), "internal_token": bool(INTERNAL_TOKEN)},
        "runs": runs,
        "first_frame": first_frame(),
    }
    out = Path(env("REND_BENCHMARK_OUTPUT") or ROOT / ".rend/benchmarks" /
               f"playback-edge-local-{datetime.now().strftime('%Y%m%dT%H%M%S')}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nJSON: {out}")


def print_table(report):
    print(f"playback-edge-local  {report['git_sha'][:10]}{' (dirty)' if report['git_dirty'] else ''}"
          f"  {report['host']['cpus']} cpus  load {report['host']['load_average']}")
    header = ("fixture", "MB", "upload s", "Mbit/s", "opener s", "hls s", "opener cold/warm ms",
              "segment cold/warm ms", "coalesced fetches", "spread ms")
    print(" | ".join(header))
    for r in report["runs"]:
        edge, c = r["edge"], r["coalescing"]
        seg = edge.get("first_segment", {})
        print(" | ".join(str(x) for x in (
            f"{r['fixture']} {r['size']} {r['seconds']}s", round(r["bytes"] / 1e6, 1),
            r["upload"]["seconds"], r["upload"]["mbit_per_s"],
            r["seconds_from_upload_start"].get("opener_ready"),
            r["seconds_from_upload_start"].get("hls_ready"),
            f"{edge['opener']['cold_ms']}/{edge['opener']['warm_median_ms']}",
            f"{seg.get('cold_ms')}/{seg.get('warm_median_ms')}",
            f"{c['origin_fetches']} for {c['concurrency']}", c["first_byte_ms"]["spread"])))
    ff = report["first_frame"]
    if "skipped" in ff:
        print("first frame:", ff["skipped"])
    else:
        medians = {k: v["median_ms"] for k, v in ff.items()
                   if isinstance(v, dict) and "median_ms" in v}
        print("first frame in Chromium, median ms:", json.dumps(medians))


if __name__ == "__main__":
    sys.exit(main())
