#!/bin/sh
# Builds libic4core-standin.so with the system compiler and prints its absolute path (last line of stdout).
# Usage: build.sh [OUT_DIR]   (default: <repo>/build/ic4-standin)
# Point the IC4 backend at the result with PTPCAM_IC4_LIBRARY=<path> or the library-path option.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../../../build/ic4-standin"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
${CXX:-g++} -std=c++17 -Wall -Wextra -Werror -O2 -fPIC -shared -fvisibility=hidden \
  -o "$out/libic4core-standin.so" "$here/ic4_standin.cc" -lpthread
echo "$out/libic4core-standin.so"
