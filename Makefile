# Thin wrappers over scripts/deps.sh and the CMake presets. Everything a fresh Debian machine needs:
#   make play   install what is missing, build the web playground, serve it on 127.0.0.1
#   make test   install what is missing, build native and wasm, run every test
#   make bench  every benchmark scenario on every peer, interleaved; report in build/bench/report.md
#               (QUICK=1: one round at tiny sizes, no callgrind/strace, under a minute; build/bench/quick)
PORT ?= 8731
JOBS ?= $(shell nproc)
export NODE_PATH := /usr/share/nodejs

.PHONY: all deps deps-native native web test play bench clean build-native build-web

all: native web

deps:
	@scripts/deps.sh all

deps-native:
	@scripts/deps.sh native

native: deps-native
	@$(MAKE) --no-print-directory build-native

web: deps
	@$(MAKE) --no-print-directory build-web

test: deps
	@$(MAKE) --no-print-directory build-native build-web TARGETS=all
	@ctest --preset native -j $(JOBS)
	@ctest --preset web -j $(JOBS)

play: web
	@echo "Loopscope playground: http://127.0.0.1:$(PORT)/index.html  (Ctrl-C stops the server)"
	@cd build/web && exec python3 -m http.server --bind 127.0.0.1 $(PORT)

bench: deps-native
	@$(MAKE) --no-print-directory build-native TARGETS=bench_programs
	@/usr/bin/python3 bench/bench.py $(if $(QUICK),--quick)

clean:
	rm -rf build/native build/web

# Internal: configure once (again only when the CMake inputs change), then build what changed.
build/native/build.ninja: CMakeLists.txt CMakePresets.json
	@cmake --preset native >/dev/null

build/web/build.ninja: CMakeLists.txt CMakePresets.json
	@cmake --preset web >/dev/null

# `make native` and `make web` build just their artifacts; `make test` builds everything (TARGETS=all).
build-native: build/native/build.ninja
	@cmake --build --preset native -j $(JOBS) --target $(if $(TARGETS),$(TARGETS),loopscope cpp_examples)

build-web: build/web/build.ninja
	@cmake --build --preset web -j $(JOBS) --target $(if $(TARGETS),$(TARGETS),loopscope_web third_party_notices)
