#!/usr/bin/env python3
"""Edge HIT throughput and latency, side by side with nginx serving the same files, in one run.

Starts the embedded Rend (rend-dev.jar) for its S3Proxy origin and rend-edge as a process of its own,
as it runs in production (--edge embedded measures the edge inside rend-dev instead, beside the API,
worker, PostgreSQL and S3Proxy). Publishes a segment-sized and a playlist-sized object at the origin,
warms the edge, then points nginx (Debian's) at the edge's own disk-cache files and runs wrk against
both. Prints one JSON document with the git SHA and host facts.

Usage: python3 bench/edge/bench.py [--duration 10] [--connections 64] [--threads 1] [--edge standalone|embedded]
Needs: wrk, nginx, java 17, and `./mvnw -q -DskipTests -pl dev -am package` run first.
"""
import argparse, base64, glob, hashlib, hmac, json, os, platform, re, shutil, signal, socket, subprocess
import sys, tempfile, time, urllib.request, uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KEY_ID, SECRET = "dev-key", b"dev-playback-signing-secret"  # the embedded mode's public dev key


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def token(asset, ttl=3600):
    exp = int(time.time()) + ttl
    mac = hmac.new(SECRET, f"rend.playback.v1|{KEY_ID}|{asset}|{exp}".encode(), hashlib.sha256).digest()
    return f"{KEY_ID}.{exp}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def wait_http(url, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("X-Rend-Cache"), r.read()


def wrk(url, threads, connections, duration):
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    def latency(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_second": rps, "p50_ms": latency(50), "p99_ms": latency(99),
            "non_2xx": int(errors.group(1)) if errors else 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=20, help="seconds of unmeasured load first (JIT)")
    ap.add_argument("--edge", choices=("standalone", "embedded"), default="standalone")
    ap.add_argument("--edge-jvm", default="-Xmx1g", help="JVM options of the standalone edge")
    ap.add_argument("--edge-jar", help="rend-edge executable jar to measure (default: edge/target's), e.g. an older build")
    args = ap.parse_args()
    jar = os.path.join(ROOT, "dev", "target", "rend-dev.jar")
    edge_jars = ([os.path.abspath(args.edge_jar)] if args.edge_jar
                 else sorted(glob.glob(os.path.join(ROOT, "edge", "target", "rend-edge-*-exec.jar"))))
    if not os.path.exists(jar) or (args.edge == "standalone" and not edge_jars):
        raise SystemExit("build first: ./mvnw -q -DskipTests -pl dev -am package")
    data = tempfile.mkdtemp(prefix="rend-bench-edge-")
    api_port, edge_port, pg_port, s3_port, nginx_port, dev_edge_port = (free_port() for _ in range(6))
    standalone = args.edge == "standalone"
    env = dict(os.environ, REND_DATA_DIR=data, REND_API_PORT=str(api_port),
               REND_EDGE_PORT=str(dev_edge_port if standalone else edge_port),
               REND_EMBEDDED_POSTGRES_PORT=str(pg_port), REND_EMBEDDED_S3_PORT=str(s3_port))
    rend = subprocess.Popen(["java", "-Xmx1g", "-jar", jar], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    edge_process, nginx = None, None
    cache_root = os.path.join(data, "edge-cache" if not standalone else "standalone-edge-cache")
    try:
        edge = f"http://127.0.0.1:{edge_port}"
        if standalone:
            wait_http(f"http://127.0.0.1:{api_port}/healthz")
            # The embedded mode's public dev settings: its S3Proxy, bucket and keys.
            edge_env = dict(os.environ, REND_EDGE_HOST="127.0.0.1", REND_EDGE_PORT=str(edge_port),
                            REND_EDGE_CACHE_DIR=cache_root, REND_S3_ENDPOINT=f"http://127.0.0.1:{s3_port}",
                            REND_S3_BUCKET="rend-local", REND_S3_ACCESS_KEY_ID="rend-local",
                            REND_S3_SECRET_ACCESS_KEY="rend-local-secret", REND_PLAYBACK_SIGNING_KEY_ID=KEY_ID,
                            REND_PLAYBACK_SIGNING_SECRET=SECRET.decode(), REND_INTERNAL_TOKEN="bench-internal-token")
            edge_process = subprocess.Popen(["java", *args.edge_jvm.split(), "-jar", edge_jars[-1]], env=edge_env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_http(edge + "/healthz")
        asset = str(uuid.uuid4())
        objects = os.path.join(data, "objects", "rend-local", "videos", asset)
        sizes = {"hls/720p/segment_00010.m4s": 1_250_000, "hls/720p/playlist.m3u8": 1_200}
        for path, size in sizes.items():
            os.makedirs(os.path.dirname(os.path.join(objects, path)), exist_ok=True)
            with open(os.path.join(objects, path), "wb") as f:
                f.write(os.urandom(size))
        tok = token(asset)
        results = {}
        for path in sizes:
            status, cache, body = get(f"{edge}/p/{tok}/{asset}/{path}")
            assert status == 200 and cache == "MISS" and len(body) == sizes[path], (status, cache, len(body))
            # The viewer can have every byte a moment before the fill is committed to the cache.
            for _ in range(40):
                if get(f"{edge}/p/{tok}/{asset}/{path}")[1] == "HIT":
                    break
                time.sleep(0.05)
            else:
                raise SystemExit(f"{path} never became a cache HIT")
        conf = os.path.join(data, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""user root; worker_processes 1; daemon off; pid {data}/nginx.pid; error_log {data}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s; open_file_cache_valid 60s;
  types {{ application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; }}
  server {{ listen 127.0.0.1:{nginx_port}; root {cache_root}; }} }}
""")
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", data], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        wait_http(f"http://127.0.0.1:{nginx_port}/{asset}/hls/720p/playlist.m3u8", 20)
        for name, path in (("segment_1_25MB", "hls/720p/segment_00010.m4s"), ("playlist_1_2KB", "hls/720p/playlist.m3u8")):
            rend_url = f"{edge}/p/{tok}/{asset}/{path}"
            nginx_url = f"http://127.0.0.1:{nginx_port}/{asset}/{path}"
            wrk(rend_url, args.threads, args.connections, args.warmup)  # JIT warm-up, not measured
            wrk(nginx_url, args.threads, args.connections, 2)
            r = wrk(rend_url, args.threads, args.connections, args.duration)
            n = wrk(nginx_url, args.threads, args.connections, args.duration)
            results[name] = {"rend_edge": r, "nginx": n,
                             "rps_ratio_edge_over_nginx": round(r["requests_per_second"] / n["requests_per_second"], 3),
                             "p99_ratio_edge_over_nginx": round(r["p99_ms"] / n["p99_ms"], 3) if n["p99_ms"] else None}
        sha = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "edge", "libs"],
                                    capture_output=True, text=True).stdout.strip())
        print(json.dumps({
            "benchmark": "edge_hit_vs_nginx", "git_sha": sha, "dirty": dirty,
            "host": {"cpus": os.cpu_count(), "machine": platform.machine(), "kernel": platform.release(),
                     "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
                     "nginx": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()},
            "load": {"tool": "wrk", "threads": args.threads, "connections": args.connections, "seconds": args.duration,
                     "note": "wrk, the server under test and nginx share the same cores; nginx has 1 worker process"},
            "edge": {"mode": args.edge, "jvm": args.edge_jvm if args.edge == "standalone" else "-Xmx1g",
                     "jar": os.path.basename(edge_jars[-1]) if args.edge == "standalone" else "rend-dev.jar"},
            "results": results}, indent=2))
    finally:
        for p in (nginx, edge_process, rend):
            if p and p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
