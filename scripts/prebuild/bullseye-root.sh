#!/usr/bin/env bash
# Make (or reuse) a Debian 11 "bullseye" root (glibc 2.31, the same as Ubuntu 20.04) for building and
# testing prebuilds. Only Debian packages are fetched, from the mirror apt already uses on this machine.
#
#   scripts/prebuild/bullseye-root.sh [amd64|arm64]   prints the root's path on stdout (progress on stderr)
#
#   amd64  the build root: g++, make, python3 and the aarch64 cross compiler (all gcc 10, glibc 2.31);
#          kept at $PTPCAM_BULLSEYE_ROOT (default /var/cache/ptpcam-bullseye)
#   arm64  an arm64 root holding Debian's nodejs (12.22, N-API 8), run under qemu-user with
#          `qemu-aarch64-static -L <root>`; kept at $PTPCAM_BULLSEYE_ARM64_ROOT
#          (default /var/cache/ptpcam-bullseye-arm64)
#
# Both are made the fast way: `debootstrap --foreign` (downloads every package, unpacks the required set),
# then every downloaded package is unpacked with dpkg-deb; no maintainer script runs (nothing is
# "configured"), which a compiler and a Node need not, and which saves minutes of dpkg over a configured root.
# Classic (non-merged) /usr layout, so unpacking cannot replace a /bin -> usr/bin symlink with a folder.
# The build uses gcc/g++ by name (no cc/c++ alternatives exist in an unconfigured root).
#
# A root is reused while its stamp file matches the package list below; a half-made root is removed and made
# again. Needs root and debootstrap (apt-get install debootstrap). Concurrent callers wait on a lock.
# PTPCAM_DEBIAN_MIRROR overrides the mirror.
#
# Mount safety (a lazy unmount inside an old version of this tooling once took the host's /proc with it):
#   * this script never unmounts anything and never bind-mounts host /proc, /dev or /sys;
#   * debootstrap runs inside `unshare --mount --propagation private`, so the /proc and /sys it mounts in the
#     target (and unmounts on exit) exist only in that private namespace and vanish with it;
#   * the root path must be absolute, not "/", and at least two levels deep; a root with anything mounted
#     under it is never removed (the script stops and says so instead).
set -euo pipefail

arch="${1:-amd64}"
suite=bullseye
case "$arch" in
  amd64)
    root="${PTPCAM_BULLSEYE_ROOT:-/var/cache/ptpcam-bullseye}"
    include="g++,make,python3,g++-aarch64-linux-gnu,binutils-aarch64-linux-gnu"
    ;;
  arm64)
    root="${PTPCAM_BULLSEYE_ARM64_ROOT:-/var/cache/ptpcam-bullseye-arm64}"
    include="nodejs"
    ;;
  *) echo "bullseye-root.sh: unknown arch '$arch' (amd64|arm64)" >&2; exit 2 ;;
esac

die() { echo "bullseye-root.sh: $*" >&2; exit 1; }

# The root path: never empty, never "/", never a top-level folder such as /var or /tmp.
[[ -n "$root" && "$root" != / ]] || die "empty or / root path"
[[ "$root" == /* ]] || die "root path must be absolute: '$root'"
root="$(realpath -m -- "$root")"
[[ -n "$root" && "$root" != / ]] || die "root path resolves to /"
[[ "$root" =~ ^/[^/]+/[^/]+ ]] || die "root path must be at least two levels deep: '$root'"

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

stamp_want="suite=$suite arch=$arch variant=minbase include=$include foreign+unpacked merged-usr=no"
stamp="$root/.ptpcam-root"

[[ $EUID -eq 0 ]] || die "needs root (debootstrap, chroot)"
export PATH="$PATH:/usr/sbin:/sbin"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
command -v unshare >/dev/null || die "unshare (util-linux) is not installed"

# Every mount point at or below $root, read from this process's mountinfo (field 5; octal escapes kept).
mounts_under() {
  awk -v r="$root" '{ if ($5 == r || index($5, r "/") == 1) print $5 }' /proc/self/mountinfo
}

mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9

if [[ -f "$stamp" && "$(cat "$stamp")" == "$stamp_want" ]]; then
  echo "$root"
  exit 0
fi

# A half-made or outdated root goes first, unless something is mounted in it: then stop (never unmount).
if [[ -e "$root" ]]; then
  busy="$(mounts_under)"
  if [[ -n "$busy" ]]; then
    die "refusing to remove $root: something is mounted under it ($(echo $busy)). This script unmounts
nothing; find out who mounted it (and whether it is a bind of the host's /proc, /dev or /sys, in which case
unmounting it may take the host's with it), then remove the root by hand."
  fi
  rm -rf --one-file-system -- "$root"
fi

start=$(date +%s)
echo "bullseye-root.sh: debootstrap $suite $arch from $mirror into $root" >&2
log="$(mktemp)"
# Private mount namespace: should debootstrap mount anything in the target (its second stage mounts /proc and
# /sys there; --foreign runs no second stage), the mount stays in that namespace and dies with it.
if ! unshare --mount --propagation private -- \
      debootstrap --variant=minbase --arch="$arch" --foreign --no-merged-usr --include="$include" \
      "$suite" "$root" "$mirror" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  cp "$log" "$root.debootstrap.log" 2>/dev/null || true
  rm -f "$log"
  die "debootstrap failed (log: $root.debootstrap.log)"
fi
rm -f "$log" "$root.debootstrap.log"
t_unpack=$(date +%s)
# --foreign unpacks only the "required" set (listed in $root/debootstrap/required); the rest (gcc, nodejs and
# their libraries) is merely downloaded. Unpack those, one per core (no two packages share a file).
n_all=0
todo="$(mktemp)"
for deb in "$root"/var/cache/apt/archives/*.deb; do
  [[ -e "$deb" ]] || continue
  n_all=$((n_all + 1))
  name="$(basename "$deb")"
  grep -qxF -- "${name%%_*}" "$root/debootstrap/required" 2>/dev/null || printf '%s\0' "$deb" >>"$todo"
done
[[ $n_all -gt 0 ]] || die "debootstrap downloaded no package into $root/var/cache/apt/archives"
n="$(tr -cd '\0' <"$todo" | wc -c)"
if [[ $n -gt 0 ]]; then
  xargs -0 -n 1 -P "$(nproc)" sh -c 'dpkg-deb -x "$1" "$0"' "$root" <"$todo"  || die "dpkg-deb -x failed"
fi
rm -f "$todo" "$root"/var/cache/apt/archives/*.deb
# The dynamic linker's cache (ldconfig is static and needs no /proc); harmless where it is not needed.
if [[ "$arch" == amd64 ]]; then
  chroot "$root" /sbin/ldconfig || true
fi
echo "bullseye-root.sh: $arch: $n of $n_all packages unpacked here (the rest by debootstrap) in $(( $(date +%s) - t_unpack ))s" >&2
# Nothing debootstrap mounted may outlive it (it ran in a private namespace, so this is a belt-and-braces check).
busy="$(mounts_under)"
[[ -z "$busy" ]] || die "after debootstrap something is mounted under $root ($(echo $busy)); not touching it"
echo "$stamp_want" >"$stamp"
echo "bullseye-root.sh: $arch root ready in $(( $(date +%s) - start ))s" >&2
echo "$root"
