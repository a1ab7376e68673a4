#!/usr/bin/env bash
# Make (or reuse) a Debian 11 "bullseye" root (glibc 2.31, the same as Ubuntu 20.04) for building and
# testing prebuilds. Only Debian packages are fetched, from the mirror apt already uses on this machine.
#
#   scripts/prebuild/bullseye-root.sh [amd64|arm64]   prints the root's path on stdout
#
#   amd64  the build root: g++, make, python3 and the aarch64 cross compiler (all gcc 10, glibc 2.31);
#          kept at $PTPCAM_BULLSEYE_ROOT (default /var/cache/ptpcam-bullseye)
#   arm64  a foreign (unpacked, not configured) arm64 root holding Debian's nodejs, run under qemu-user with
#          `qemu-aarch64-static -L <root>`; kept at $PTPCAM_BULLSEYE_ARM64_ROOT
#          (default /var/cache/ptpcam-bullseye-arm64)
#
# A root is reused while its stamp file matches the package list below; a half-made root is removed and made
# again. Needs root and debootstrap (apt-get install debootstrap). Concurrent callers wait on a lock.
set -euo pipefail

arch="${1:-amd64}"
suite=bullseye
case "$arch" in
  amd64)
    root="${PTPCAM_BULLSEYE_ROOT:-/var/cache/ptpcam-bullseye}"
    include="g++,make,python3,g++-aarch64-linux-gnu,binutils-aarch64-linux-gnu"
    foreign=()
    layout=""
    ;;
  arm64)
    root="${PTPCAM_BULLSEYE_ARM64_ROOT:-/var/cache/ptpcam-bullseye-arm64}"
    include="nodejs"
    foreign=(--foreign)
    layout=" unpacked=all"
    ;;
  *) echo "bullseye-root.sh: unknown arch '$arch' (amd64|arm64)" >&2; exit 2 ;;
esac

# The mirror apt uses here (deb822 sources first, then the one-line format); PTPCAM_DEBIAN_MIRROR overrides.
mirror="${PTPCAM_DEBIAN_MIRROR:-}"
if [[ -z "$mirror" ]]; then
  mirror="$(grep -hE '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}' || true)"
fi
if [[ -z "$mirror" ]]; then
  mirror="$(grep -hE '^deb +(\[[^]]*\] +)?https?://[^ ]*/debian/? ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | sed -E 's/^deb +(\[[^]]*\] +)?//' | awk '{print $1}' | head -n1 || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

stamp_want="suite=$suite arch=$arch variant=minbase include=$include${layout}"
stamp="$root/.ptpcam-root"

if [[ $EUID -ne 0 ]]; then
  echo "bullseye-root.sh: needs root (debootstrap, chroot)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null; then
  echo "bullseye-root.sh: debootstrap is not installed (apt-get install debootstrap)" >&2
  exit 1
fi

mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9

if [[ -f "$stamp" && "$(cat "$stamp")" == "$stamp_want" ]]; then
  echo "$root"
  exit 0
fi

# Anything left by an interrupted run (including mounts made by build.sh) goes first.
if [[ -e "$root" ]]; then
  for m in proc dev/pts dev; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m" || true
  done
  rm -rf --one-file-system "$root"
fi

start=$(date +%s)
echo "bullseye-root.sh: debootstrap $suite $arch from $mirror into $root" >&2
log="$(mktemp)"
if ! debootstrap --variant=minbase --arch="$arch" "${foreign[@]}" --include="$include" \
      "$suite" "$root" "$mirror" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  cp "$log" "$root.debootstrap.log" 2>/dev/null || true
  rm -f "$log"
  echo "bullseye-root.sh: debootstrap failed (log: $root.debootstrap.log)" >&2
  exit 1
fi
rm -f "$log"
if [[ "$arch" == arm64 ]]; then
  # --foreign unpacks only the "required" set; the --include'd packages (nodejs and its libraries) are
  # merely downloaded. Unpack every downloaded package: enough to run them under qemu-user with -L.
  for deb in "$root"/var/cache/apt/archives/*.deb; do
    dpkg-deb -x "$deb" "$root"
  done
fi
rm -f "$root"/var/cache/apt/archives/*.deb
echo "$stamp_want" >"$stamp"
echo "bullseye-root.sh: $arch root ready in $(( $(date +%s) - start ))s" >&2
echo "$root"
