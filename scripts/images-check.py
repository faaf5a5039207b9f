#!/usr/bin/env python3
"""Checks the config of a Jib image tarball (docker-save or OCI layout) for what Rend's images
promise: a non-root user, the OCI labels (revision, version, base), and an exec-form entrypoint
that starts java without a shell. Prints one line of facts; exits 1 on the first broken promise.

usage: images-check.py IMAGE_TAR NAME
       images-check.py --entrypoint IMAGE_TAR   (prints the entrypoint, one word a line)
"""
import json
import os
import sys
import tarfile


def config_of(path):
    with tarfile.open(path) as tar:
        names = tar.getnames()
        read = lambda n: json.load(tar.extractfile(n))
        if "index.json" in names:
            index = read("index.json")
            manifest = read("blobs/" + index["manifests"][0]["digest"].replace(":", "/"))
            return read("blobs/" + manifest["config"]["digest"].replace(":", "/"))
        manifest = read("manifest.json")
        return read(manifest[0]["Config"])


def main(path, name):
    config = config_of(path)["config"]
    labels = config.get("Labels") or {}
    entrypoint = config.get("Entrypoint") or []
    problems = []
    if config.get("User") != "10001:10001":
        problems.append(f"user is {config.get('User')!r}, not 10001:10001")
    if not entrypoint or entrypoint[0] != "java" or any(e.endswith("sh") for e in entrypoint[:2]):
        problems.append(f"entrypoint {entrypoint} is not java in exec form")
    for label in ("revision", "version", "base.digest", "title"):
        value = labels.get("org.opencontainers.image." + label, "")
        if not value or value == "unknown":
            problems.append(f"label org.opencontainers.image.{label} is {value!r}")
    if not any(f.startswith("-XX:MaxRAMPercentage=") for f in entrypoint):
        problems.append("no -XX:MaxRAMPercentage in the entrypoint")
    digest_file = os.path.join(os.path.dirname(path), "jib-image.digest")
    digest = open(digest_file).read().strip() if os.path.exists(digest_file) else "?"
    size = os.path.getsize(path) / (1 << 20)
    print(f"[images-check] rend-{name}: user {config.get('User')}, entrypoint {' '.join(entrypoint[:3])} …, "
          f"revision {labels.get('org.opencontainers.image.revision', '')[:12]}, "
          f"version {labels.get('org.opencontainers.image.version')}, {size:.0f} MiB tarball, {digest}",
          file=sys.stderr)
    for problem in problems:
        print(f"[images-check] FAIL: rend-{name}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "--entrypoint":
        print("\n".join(config_of(sys.argv[2])["config"].get("Entrypoint") or []))
        sys.exit(0)
    sys.exit(main(sys.argv[1], sys.argv[2]))
