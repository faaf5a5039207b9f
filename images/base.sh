#!/usr/bin/env bash
# Builds the base image of Rend's four service images from Debian's packages, without a Docker
# engine or a registry: mmdebstrap lays out a minimal bookworm root filesystem with the JRE (and
# libpulse0 and libxcb-shm0, which the worker's bundled ffmpeg links: its JNI libraries fail to
# load without them), then images/base-image.py wraps it as a one-layer image tarball
# (docker-save layout) that Jib takes as `tar://` base.
#
# Why one base for all four: a node that runs an edge and a worker pulls the JRE layer once.
# Why no shell: the entrypoints are exec form (Jib's `java -cp …`), so bash, dash and /bin/sh are
# removed after the packages are set up; nothing in the image can run a shell script.
#
# Reproducible: SOURCE_DATE_EPOCH fixes every timestamp mmdebstrap writes, and base-image.py
# writes the tar entries sorted with fixed owners and times, so the same packages give the same
# digest. Cached: the result goes to ~/.cache/rend/images/base-<key>/ where <key> hashes this
# script, base-image.py and the package list; a second run with the same inputs returns at once
# (REND_IMAGES_BASE_REFRESH=1 rebuilds, e.g. to take Debian's security updates). The packages
# come from the machine's apt mirror at build time; their versions are listed in packages.txt
# beside the tarball and the digest in digest.txt.
#
# Prints the tarball's path on stdout.
#
# Environment:
#   REND_IMAGES_CACHE          cache root (default ~/.cache/rend/images)
#   REND_IMAGES_BASE_REFRESH   1: rebuild even when cached
#   REND_DEBIAN_MIRROR         apt mirror (default http://deb.debian.org/debian)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

SUITE=bookworm
PACKAGES=openjdk-17-jre-headless,libpulse0,libxcb-shm0,ca-certificates,tzdata
# 2026-01-01T00:00:00Z: every file time in the base; changing it changes the digest.
export SOURCE_DATE_EPOCH=1767225600
MIRROR="${REND_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${REND_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rend/images}"
key=$( (cat "$0" "$here/base-image.py"; echo "$SUITE $PACKAGES $MIRROR") | sha256sum | cut -c1-16)
out="$CACHE/base-$key"

log() { printf '[images/base] %s\n' "$*" >&2; }

if [[ "${REND_IMAGES_BASE_REFRESH:-0}" != 1 && -f "$out/base.tar" && -f "$out/digest.txt" ]]; then
  ln -sfn "$out" "$CACHE/current"
  log "cached: $out/base.tar ($(cat "$out/digest.txt"))"
  echo "$out/base.tar"
  exit 0
fi
command -v mmdebstrap >/dev/null || { log "mmdebstrap is not installed (apt-get install mmdebstrap)"; exit 1; }

start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$CACHE"
log "building from $MIRROR $SUITE: $PACKAGES"
# Docs and locales are left out of the rootfs (man pages are deleted afterwards: the JRE's
# update-alternatives links them while it is set up); /var/lib/apt/lists and caches are
# emptied; the user rend (10001, as the chart's securityContext) owns /home/rend; the shells go
# last, once every maintainer script has run.
mmdebstrap --variant=essential --mode=root --format=tar \
  --include="$PACKAGES" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook="chroot \"\$1\" dpkg-query -W -f '\${Package}=\${Version}\n' > $work/packages.txt" \
  --customize-hook='echo "rend:x:10001:10001:rend:/home/rend:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "rend:x:10001:" >> "$1/etc/group"' \
  --customize-hook='echo "rend:!:20454::::::" >> "$1/etc/shadow"' \
  --customize-hook='mkdir -p "$1/home/rend" && chown 10001:10001 "$1/home/rend" && chmod 0750 "$1/home/rend"' \
  --customize-hook='test -s "$1/etc/ssl/certs/java/cacerts"' \
  --customize-hook='find "$1/usr/share/man" -type f -delete' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/* "$1"/var/log/* "$1"/tmp/* "$1"/etc/machine-id "$1"/var/lib/dbus/machine-id' \
  --customize-hook='rm -f "$1"/usr/bin/bash "$1"/usr/bin/dash "$1"/usr/bin/sh "$1"/usr/bin/rbash "$1"/bin/sh "$1"/bin/bash "$1"/bin/dash' \
  "$SUITE" "$work/rootfs.tar" "$MIRROR" 2>"$work/mmdebstrap.log" \
  || { cat "$work/mmdebstrap.log" >&2; exit 1; }
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
python3 "$here/base-image.py" "$work/rootfs.tar" "$out.tmp/base.tar" >"$out.tmp/digest.txt"
mv "$work/packages.txt" "$out.tmp/packages.txt"
rm -rf "$out" && mv "$out.tmp" "$out"
# The pom's default base (-Drend.images.base): the one built last.
ln -sfn "$out" "$CACHE/current"
log "built $out/base.tar ($(cat "$out/digest.txt"), $(du -m "$out/base.tar" | cut -f1) MiB) in $(( $(date +%s) - start ))s"
echo "$out/base.tar"
