#!/usr/bin/env bash
# Build the N-API prebuilds that ship in the npm tarball, inside a Debian 11 (bullseye, glibc 2.31) root so
# that they load on Ubuntu 20.04 and newer without a compiler:
#
#   scripts/prebuild/build.sh [x64] [arm64]      (default: both)  -> prebuilds/linux-<arch>/ptpcam.glibc.node
#
# How: scripts/prebuild/bullseye-root.sh makes (or reuses) the root with gcc 10 and the aarch64 cross gcc 10;
# this script copies the addon sources, node_modules (node-gyp, prebuildify, node-addon-api), this machine's
# Node binary and its headers into it, and runs `prebuildify --napi --strip --tag-libc` there under chroot
# (x64 with CC/CXX=gcc/g++; arm64 with node-gyp --arch arm64 and CC/CXX set to the cross compiler).
# libstdc++ and libgcc are linked statically (LDFLAGS below: node-gyp's Makefile appends $LDFLAGS to the
# link line), so the result needs only libc/libdl/libpthread/libm. Nothing is downloaded but Debian packages
# (for the root). Each result is checked by elf-check.mjs; a failed check fails the script.
#
# The chroot gets no /proc, /dev or /sys: the build does not need them, and this script mounts nothing.
#
# Environment: PTPCAM_BULLSEYE_ROOT (default /var/cache/ptpcam-bullseye), PTPCAM_NODE_HEADERS (a folder
# holding include/node/node_api.h; default: beside the node binary, else npm's nodedir, else node-gyp's cache),
# JOBS (default nproc). Needs root (chroot).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
archs=("$@")
[[ ${#archs[@]} -gt 0 ]] || archs=(x64 arm64)
for a in "${archs[@]}"; do
  [[ "$a" == x64 || "$a" == arm64 ]] || { echo "build.sh: unknown arch '$a' (x64|arm64)" >&2; exit 2; }
done
if [[ $EUID -ne 0 ]]; then
  echo "build.sh: needs root (it builds inside a chroot)" >&2
  exit 1
fi

t0=$(date +%s)
root="$(bash "$repo/scripts/prebuild/bullseye-root.sh" amd64)"
if [[ -z "$root" || "$root" == / || "$root" != /* || ! -d "$root" ]]; then
  echo "build.sh: bullseye-root.sh returned no usable root ('$root')" >&2
  exit 1
fi
echo "build.sh: bullseye root $root ($(( $(date +%s) - t0 ))s)" >&2

node_bin="$(readlink -f "$(command -v node)")"
node_version="$("$node_bin" -p 'process.versions.node')"

# Node's headers: only node_api.h & co. matter for N-API, but node-gyp wants a full include/node with
# common.gypi. No download: use the copy this machine already has.
headers="${PTPCAM_NODE_HEADERS:-}"
if [[ -z "$headers" ]]; then
  for cand in "$(dirname "$(dirname "$node_bin")")" "$(npm config get nodedir 2>/dev/null || true)" \
              "$HOME/.cache/node-gyp/$node_version" "$HOME/.node-gyp/$node_version"; do
    if [[ -n "$cand" && -f "$cand/include/node/node_api.h" && -f "$cand/include/node/common.gypi" ]]; then
      headers="$cand"
      break
    fi
  done
fi
if [[ -z "$headers" || ! -f "$headers/include/node/node_api.h" ]]; then
  echo "build.sh: no Node headers found (set PTPCAM_NODE_HEADERS to a folder with include/node/node_api.h)" >&2
  exit 1
fi

# Stage everything the build needs inside the root. node_modules is hard-linked where the filesystems allow.
stage_rel=/tmp/ptpcam-prebuild
stage="$root$stage_rel"
rm -rf "$stage"
mkdir -p "$stage" "$root/opt/node/include" "$root/usr/local/bin"
cp "$node_bin" "$root/usr/local/bin/node"
rm -rf "$root/opt/node/include/node"
cp -a "$headers/include/node" "$root/opt/node/include/node"
cp "$repo/package.json" "$repo/binding.gyp" "$stage/"
mkdir -p "$stage/src"
cp -a "$repo/src/native" "$stage/src/native"
if [[ ! -d "$repo/node_modules/prebuildify" || ! -d "$repo/node_modules/node-gyp" || ! -d "$repo/node_modules/node-addon-api" ]]; then
  echo "build.sh: run npm ci first (needs prebuildify, node-gyp, node-addon-api in node_modules)" >&2
  exit 1
fi
cp -al "$repo/node_modules" "$stage/node_modules" 2>/dev/null || { rm -rf "$stage/node_modules"; cp -a "$repo/node_modules" "$stage/node_modules"; }

jobs="${JOBS:-$(nproc)}"
static_ldflags="-static-libstdc++ -static-libgcc -Wl,--exclude-libs,ALL"

in_root() {
  chroot "$root" /usr/bin/env -i \
    PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    npm_config_nodedir=/opt/node npm_config_jobs="$jobs" JOBS="$jobs" \
    LDFLAGS="$static_ldflags" "$@"
}

status=0
for arch in "${archs[@]}"; do
  t1=$(date +%s)
  case "$arch" in
    x64)
      in_root CC=gcc CXX=g++ LINK=g++ AR=ar /bin/sh -c "cd $stage_rel && node node_modules/prebuildify/bin.js --napi --strip --tag-libc \
        --target=node@$node_version --arch=x64 --node-gyp=node_modules/.bin/node-gyp"
      ;;
    arm64)
      in_root CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ \
        AR=aarch64-linux-gnu-ar STRIP=aarch64-linux-gnu-strip \
        /bin/sh -c "cd $stage_rel && node node_modules/prebuildify/bin.js --napi --strip --tag-libc \
        --strip-bin=aarch64-linux-gnu-strip --target=node@$node_version --arch=arm64 \
        --node-gyp=node_modules/.bin/node-gyp"
      ;;
  esac
  out_dir="$repo/prebuilds/linux-$arch"
  rm -rf "$out_dir"
  mkdir -p "$out_dir"
  cp "$stage/prebuilds/linux-$arch/"*.node "$out_dir/"
  for f in "$out_dir"/*.node; do
    if node "$repo/scripts/prebuild/elf-check.mjs" "$f" --arch "$arch" >"$stage/check-$arch.json"; then
      echo "build.sh: $arch ok: ${f#$repo/} ($(stat -c %s "$f") bytes, glibc ≤ $(node -p "require('$stage/check-$arch.json').glibcMax"), $(( $(date +%s) - t1 ))s)" >&2
    else
      cat "$stage/check-$arch.json" >&2
      echo "build.sh: $arch prebuild FAILED the check above" >&2
      status=1
    fi
  done
done
rm -rf "$stage"
echo "build.sh: done in $(( $(date +%s) - t0 ))s" >&2
exit $status
