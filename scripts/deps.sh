#!/usr/bin/env bash
# Installs what Loopscope needs, idempotently and quietly when everything is present.
#   scripts/deps.sh native   packages + Lua source (enough for build/native)
#   scripts/deps.sh all      + emscripten, chromium, Dear ImGui and SDL2 sources, SDL2 built for wasm, npm test tools
# Third-party sources and builds live in a per-user cache keyed by package version
# (${LOOPSCOPE_CACHE:-~/.cache/loopscope}); build/third_party/ holds symlinks to the versions in use.
set -euo pipefail
what=${1:-all}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${LOOPSCOPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loopscope}
links=$root/build/third_party
say() { printf 'deps: %s\n' "$*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
deps: this machine has no apt-get. Loopscope's setup is written for Debian (bookworm).
Install these yourself, then run the build with cmake presets (see README.md):
  g++ >= 12, cmake >= 3.25, ninja, doctest, nlohmann-json, CLI11, libuv (bench peer), Lua 5.4 source,
  emscripten 3.1.x, SDL2 2.26 source, Dear ImGui 1.86 source, chromium, node >= 20 + npm, lua5.4 + luv.
MSG
  exit 1
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

native_pkgs=(g++ cmake ninja-build pkg-config dpkg-dev doctest-dev nlohmann-json3-dev libcli11-dev
             libuv1-dev lua5.4 lua-luv strace valgrind python3
             nodejs python3-uvloop python3-matplotlib linux-perf  # make bench's peers and chart
             clang libclang-rt-14-dev)  # clang: the libFuzzer targets (preset fuzz, docs/reliability.md)
web_pkgs=(emscripten nodejs chromium imagemagick
          fonts-nanum python3-fonttools)  # the playground's Hangul font, subset at build time
pkgs=("${native_pkgs[@]}"); [ "$what" = native ] || pkgs+=("${web_pkgs[@]}")
command -v npm >/dev/null 2>&1 || [ "$what" = native ] || pkgs+=(npm)

updated=0
apt_update() { [ $updated -eq 1 ] || { say "apt-get update"; $SUDO apt-get update -qq; updated=1; }; }

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt_update
  say "installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# apt-get source needs a deb-src entry; add one in our own file, derived from the machine's Debian sources.
ensure_deb_src() {
  if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then return; fi
  local out=/etc/apt/sources.list.d/loopscope-src.sources
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$out" >/dev/null
  else
    grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | sed 's/^deb /deb-src /' |
      $SUDO tee /etc/apt/sources.list.d/loopscope-src.list >/dev/null
  fi
  updated=0; apt_update
}

src_version() { { apt-cache showsrc "$1" 2>/dev/null || true; } | awk '/^Version:/{v=$2} END{print v}'; }

# fetch_source PKG LINK: unpack Debian source package PKG into the cache once per version; link it as LINK.
fetch_source() {
  local pkg=$1 link=$2 ver dir
  ver=$(src_version "$pkg")
  if [ -z "$ver" ]; then ensure_deb_src; ver=$(src_version "$pkg"); fi
  [ -n "$ver" ] || { say "no source package $pkg"; exit 1; }
  dir=$cache/src/${pkg}_$ver
  if [ ! -f "$dir/.complete" ]; then
    say "fetching source $pkg $ver"
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$dir" && apt-get source -qq "$pkg=$ver" >/dev/null 2>&1) || { say "apt-get source $pkg failed"; exit 1; }
    touch "$dir/.complete"
  fi
  local tree; tree=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n1)
  mkdir -p "$links"; ln -sfn "$tree" "$links/$link"
}

fetch_source lua5.4 lua
[ "$what" = native ] && exit 0

fetch_source imgui imgui
fetch_source libsdl2 sdl2-src

# SDL2 for wasm: Debian's emscripten cache is frozen, so -sUSE_SDL=2 cannot work; build the Debian source once.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
sdl_src=$(readlink -f "$links/sdl2-src")
emver=$(emcc --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1)
sdl_prefix=$cache/sdl2-wasm_$(basename "$sdl_src")_emcc-$emver
if [ ! -f "$sdl_prefix/.complete" ]; then
  say "building SDL2 for wasm (one time, about 3 minutes)"
  rm -rf "$sdl_prefix" "$sdl_prefix.build"
  emcmake cmake -G Ninja -S "$sdl_src" -B "$sdl_prefix.build" -DCMAKE_BUILD_TYPE=Release \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$sdl_prefix" >"$cache/sdl2-build.log" 2>&1 ||
    { say "SDL2 configure failed, see $cache/sdl2-build.log"; exit 1; }
  cmake --build "$sdl_prefix.build" --target install >>"$cache/sdl2-build.log" 2>&1 ||
    { say "SDL2 build failed, see $cache/sdl2-build.log"; exit 1; }
  rm -rf "$sdl_prefix.build"; touch "$sdl_prefix/.complete"
fi
ln -sfn "$sdl_prefix" "$links/sdl2-wasm"

# Browser-test tools from the committed lockfile; reinstalled only when the lockfile changes.
stamp=$root/tests/web/node_modules/.lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s "$root/tests/web/package-lock.json" "$stamp"; then
  say "npm ci (tests/web)"
  (cd "$root/tests/web" && npm ci --silent --no-audit --no-fund >/dev/null)
  cp "$root/tests/web/package-lock.json" "$stamp"
fi
