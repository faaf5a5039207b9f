#!/usr/bin/env python3
"""Wraps a root filesystem tarball as a one-layer image tarball in the docker-save layout
(manifest.json, config, gzipped layer), which Jib takes as a `tar://` base image.

Reproducible: entries keep the rootfs's order (mmdebstrap writes it sorted, hard links after
their targets), times are clamped to SOURCE_DATE_EPOCH, owner names dropped, the gzip header
carries no time. The one file Debian's packages do not build reproducibly, the JRE's trust store
(ca-certificates-java runs keytool, which stamps each entry with the time of the run), is written
anew from the same certificates (ca-certificates.crt) as a JKS keystore dated SOURCE_DATE_EPOCH. Prints the digest of the OCI manifest that describes the same config and layer
(what a registry shows once the base is pushed), which the service images record as their
org.opencontainers.image.base.digest label.

usage: base-image.py ROOTFS_TAR OUT_TAR
"""
import base64
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
TAG = "rend-base:bookworm-jre17"
BUNDLE = "./etc/ssl/certs/ca-certificates.crt"
TRUST_STORE = "./etc/ssl/certs/java/cacerts"


def jks_trust_store(pem_bundle, password="changeit"):
    """A JKS keystore of trusted certificates (the format of sun.security.provider.JavaKeyStore,
    which Java reads as cacerts), every entry dated SOURCE_DATE_EPOCH and named by its
    fingerprint, in the bundle's order."""
    ders = [base64.b64decode("".join(block.split("-----")[0].split()))
            for block in pem_bundle.decode().split("-----BEGIN CERTIFICATE-----")[1:]]
    body = bytearray(b"\xfe\xed\xfe\xed" + (2).to_bytes(4, "big") + len(ders).to_bytes(4, "big"))
    for der in ders:
        alias = hashlib.sha256(der).hexdigest()[:32].encode()
        body += (2).to_bytes(4, "big") + len(alias).to_bytes(2, "big") + alias
        body += (EPOCH * 1000).to_bytes(8, "big") + (5).to_bytes(2, "big") + b"X.509"
        body += len(der).to_bytes(4, "big") + der
    keyed = hashlib.sha1(password.encode("utf-16-be") + b"Mighty Aphrodite" + bytes(body))
    return bytes(body) + keyed.digest(), len(ders)


def normalized_layer(rootfs_path, layer_path):
    """Writes the gzipped layer; returns (diff_id, compressed digest, compressed size)."""
    raw = hashlib.sha256()

    class Hashing(io.RawIOBase):
        def __init__(self, target):
            self.target = target

        def writable(self):
            return True

        def write(self, b):
            raw.update(b)
            return self.target.write(b)

    with open(layer_path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        sink = io.BufferedWriter(Hashing(gz), 1 << 20)
        with tarfile.open(rootfs_path, "r|") as src, tarfile.open(
            fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT
        ) as dst:
            bundle = None
            for info in src:
                info.mtime = min(int(info.mtime), EPOCH)
                info.uname = info.gname = ""
                info.pax_headers = {
                    k: v for k, v in info.pax_headers.items() if k not in ("mtime", "atime", "ctime")
                }
                content = src.extractfile(info) if info.isreg() else None
                if info.name == BUNDLE:
                    bundle = content.read()
                    content = io.BytesIO(bundle)
                elif info.name == TRUST_STORE:
                    store, count = jks_trust_store(bundle)
                    info.size, content = len(store), io.BytesIO(store)
                    print(f"base-image.py: {TRUST_STORE} rewritten, {count} certificates", file=sys.stderr)
                dst.addfile(info, content)
        sink.flush()
    with open(layer_path, "rb") as f:
        compressed = hashlib.file_digest(f, "sha256").hexdigest()
    return "sha256:" + raw.hexdigest(), "sha256:" + compressed, os.path.getsize(layer_path)


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def main(rootfs_path, out_path):
    workdir = os.path.dirname(os.path.abspath(out_path))
    layer_path = os.path.join(workdir, "layer.tar.gz")
    diff_id, layer_digest, layer_size = normalized_layer(rootfs_path, layer_path)
    created = "1970-01-01T00:00:00Z" if EPOCH == 0 else __import__("datetime").datetime.fromtimestamp(
        EPOCH, __import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    config = canonical({
        "architecture": "amd64",
        "os": "linux",
        "created": created,
        "config": {
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64",
                "LANG=C.UTF-8",
            ],
            "User": "10001:10001",
            "WorkingDir": "/home/rend",
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": created, "created_by": "images/base.sh (mmdebstrap, Debian bookworm)"}],
    })
    config_digest = "sha256:" + hashlib.sha256(config).hexdigest()
    manifest = canonical({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": config_digest, "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": layer_digest, "size": layer_size}],
    })
    docker_manifest = canonical([{"Config": "config.json", "RepoTags": [TAG], "Layers": ["layer.tar.gz"]}])
    with tarfile.open(out_path, "w", format=tarfile.PAX_FORMAT) as out:
        for name, data in (("config.json", config), ("manifest.json", docker_manifest)):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), EPOCH, 0o644
            out.addfile(info, io.BytesIO(data))
        info = out.gettarinfo(layer_path, "layer.tar.gz")
        info.mtime, info.mode, info.uid, info.gid, info.uname, info.gname = EPOCH, 0o644, 0, 0, "", ""
        with open(layer_path, "rb") as f:
            out.addfile(info, f)
    os.remove(layer_path)
    print("sha256:" + hashlib.sha256(manifest).hexdigest())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
