#!/bin/sh
# Builds and runs the driver tests without Node: g++ only, linked with -ldl -lpthread like the addon.
#   1. aravis_driver_test: missing library, then the in-process Aravis "Fake" interface (no network).
#   2. aravis_driver_test --gv: inside a fresh network namespace (unshare -n, root), next to
#      arv-fake-gv-camera-0.8 on lo: discovery, GVCP, control privilege, access denial, timeout.
#      Skipped locally without root or arv-fake-gv-camera-0.8; never skipped when CI is set.
#   3. ic4_driver_test against libic4core-standin.so built by ../ic4-standin/build.sh.
#   4. latch_engine_test: the LatchEngine with fake cameras and a fake sink (no Node, no SDK).
# Run from `npm test` by test/native/core.test.ts.
# Prints TAP per program and exits non-zero if anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
core="$root/src/native/core"
work=$(mktemp -d "${TMPDIR:-/tmp}/ptpcam-core-test.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT INT TERM

CXX=${CXX:-g++}
FLAGS="-std=c++17 -Wall -Wextra -Werror -fPIC -g"
status=0

echo "# building"
$CXX $FLAGS -I "$core" -I "$here" "$core"/aravis/*.cc "$core/camera_driver.cc" "$here/aravis_driver_test.cc" \
  -o "$work/aravis_driver_test" -ldl -lpthread || exit 1
$CXX $FLAGS -I "$core" -I "$here" "$core"/ic4/*.cc "$core/camera_driver.cc" "$here/ic4_driver_test.cc" \
  -o "$work/ic4_driver_test" -ldl -lpthread || exit 1
$CXX $FLAGS -I "$core" -I "$here" "$core/latch/latch_engine.cc" "$core/camera_registry.cc" "$core/camera_driver.cc" \
  "$here/latch_engine_test.cc" -o "$work/latch_engine_test" -lpthread || exit 1
standin=$("$root/test/native/ic4-standin/build.sh" "$work/standin" | tail -n 1) || exit 1

echo "# aravis_driver_test"
"$work/aravis_driver_test" || status=1

echo "# aravis_driver_test --gv (network namespace)"
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v ip >/dev/null \
   && command -v arv-fake-gv-camera-0.8 >/dev/null; then
  xml=$("$work/aravis_driver_test" --write-xml)
  # The namespace dies with this shell; the camera is killed by pid (the test also SIGKILLs it mid-way).
  unshare -n sh -c '
    ip link set lo up || exit 1
    arv-fake-gv-camera-0.8 -i lo -s PTPCAM-GV1 -g "$1" >"$2/gvcam.log" 2>&1 &
    cam=$!
    trap "kill $cam 2>/dev/null" EXIT
    sleep 1
    "$3" --gv PTPCAM-GV1 "$cam"
  ' sh "$xml" "$work" "$work/aravis_driver_test" || status=1
  rm -f "$xml"
elif [ -n "${CI:-}" ]; then
  echo "not ok - GigE Vision namespace test needs root, unshare, ip and arv-fake-gv-camera-0.8 (aravis-tools) (CI is set)"
  status=1
else
  echo "ok - GigE Vision namespace test # SKIP needs root, unshare and arv-fake-gv-camera-0.8"
fi

echo "# ic4_driver_test"
"$work/ic4_driver_test" "$standin" || status=1

echo "# latch_engine_test"
"$work/latch_engine_test" || status=1

[ $status = 0 ] && echo "# all driver tests passed" || echo "# driver tests FAILED"
exit $status
