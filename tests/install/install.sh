#!/usr/bin/env bash
# install.sh BUILD_DIR README: what the README's "The C++ library" section promises. Installs the core from
# BUILD_DIR into a fresh prefix, builds the README's own C++ example (taken from the README, so the text cannot
# drift) with the README's find_package lines, runs it, and checks its Chrome trace.
set -u
build=$(readlink -f "$1") readme=$(readlink -f "$2")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $1"; exit 1; }
block() { awk -v lang="$1" '$0 == "```" lang { on = 1; next } on && $0 == "```" { exit } on' "$readme"; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install"; }
[ -f "$tmp/prefix/include/loopscope/loopscope.h" ] || fail "no include/loopscope/loopscope.h in the prefix"
echo "ok   cmake --install puts the headers under include/loopscope/"

mkdir -p "$tmp/app"
block cpp >"$tmp/app/main.cpp"
grep -q 'loopscope/loopscope.h' "$tmp/app/main.cpp" || fail "the README has no C++ example"
{ echo 'cmake_minimum_required(VERSION 3.25)'; echo 'project(app CXX)'; echo 'set(CMAKE_CXX_STANDARD 20)'
  echo 'add_executable(app main.cpp)'; block cmake; } >"$tmp/app/CMakeLists.txt"
grep -q 'find_package(loopscope' "$tmp/app/CMakeLists.txt" || fail "the README has no find_package lines"
cmake -S "$tmp/app" -B "$tmp/app/build" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" >"$tmp/cfg.log" 2>&1 ||
  { cat "$tmp/cfg.log"; fail "find_package(loopscope) on the installed prefix"; }
cmake --build "$tmp/app/build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "building the README's example"; }
echo "ok   the README's example builds against the installed package"

(cd "$tmp/app" && timeout 30 build/app) || fail "the README's example exits $?"
python3 - "$tmp/app/trace.json" <<'PY' || fail "the example's trace.json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["otherData"]["clock"] == "virtual", d["otherData"]
names = [e["name"] for e in d["traceEvents"]]
assert any(n.startswith("timer#") and e["ph"] == "B" for n, e in zip(names, d["traceEvents"])), "no timer callback"
PY
echo "ok   the example runs, exits 0 and writes a Chrome trace with its timer callback on the virtual clock"
