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
ifndef QUICK
	@# The browser figures (issue 13 item 4): page size, first frame, 100k-event frames, 1M timers -> build/bench/browser.md
	@$(MAKE) --no-print-directory web
	@mkdir -p build/bench && LOOPSCOPE_BENCH=1 node tests/web/timeline.test.mjs build/web build/test-artifacts build/bench \
	  > build/bench/browser.log 2>&1 \
	  || echo "bench: the browser measurement failed; see build/bench/browser.log"
endif
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

# ---- Reliability (issue 14; docs/reliability.md) --------------------------------------------------------------
# `make test-all` is what CI runs: `make test`, then every native test under ASan+UBSan, the threaded tests under
# TSan, each fuzzer for FUZZ_SECONDS (replaying its checked-in corpus first). `make fuzz SECONDS=N` fuzzes longer.
FUZZ_SECONDS ?= 5
SECONDS ?= 60
FUZZERS := fuzz_emu_kernel fuzz_trace_export fuzz_lua_uv
.PHONY: test-all test-ci test-asan test-asan-core test-tsan fuzz fuzz-build load

test-all: test
	@$(MAKE) --no-print-directory test-asan test-tsan
	@$(MAKE) --no-print-directory fuzz SECONDS=$(FUZZ_SECONDS)

# What .ci/run calls: test-all does not fit CI's 90 minutes with a margin (docs/reliability.md, "CI"), so CI runs
# make test, ASan+UBSan of the core and Lua tests and of the fuzz corpus replays, and TSan; the ASan build of the
# rest (UI, examples, CLI, load) and the fuzzing itself stay in test-all.
ASAN_CORE_TARGETS := core_tests lua_tests $(FUZZERS:%=%_replay)
test-ci: test
	@$(MAKE) --no-print-directory test-asan-core test-tsan

test-asan-core: deps-native
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS) --target $(ASAN_CORE_TARGETS)
	@ctest --preset asan -j $(JOBS) -R '^(core\.|lua_tests$$|fuzz_replay\.)'

test-asan: deps-native
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan -j $(JOBS)

test-tsan: deps-native
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS) --target core_tests lua_tests
	@ctest --preset tsan -j $(JOBS)

fuzz-build: deps-native
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS) --target $(FUZZERS)

# Each fuzzer starts from its checked-in corpus (tests/fuzz/corpus/<name>); scripts/fuzz.sh says what it does.
fuzz: fuzz-build
	@scripts/fuzz.sh build/fuzz $(SECONDS) $(FUZZERS)

# The full load figures (docs/reliability.md): 1000 connections x 1000 messages on 127.0.0.1, then 10,000
# connections on the emulated backend (its fd limit raised through --fd-limit, i.e. EmulatedOptions).
load: native
	@$(MAKE) --no-print-directory build-native TARGETS="load_echo example_echo_server"
	@build/native/tests/load/load_echo --backend epoll --server build/native/examples/cpp/example_echo_server \
	  --connections 1000 --messages 1000 --timeout 600 --max-rss-mb 500
	@build/native/tests/load/load_echo --backend emulated --connections 10000 --fd-limit 20100 \
	  --messages 100 --timeout 600 --max-rss-mb 2000
