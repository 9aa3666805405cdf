# Every quirk of Debian's emscripten 3.1.6 that the build works around, in one place (see shared notes).

# One C++ exception mode for every wasm object and the link: on. em++ disables exceptions by default, and
# coroutine tasks and doctest propagate errors with them.
add_compile_options(-fexceptions)
add_link_options(-fexceptions)

# Coroutines that use symmetric transfer (await_suspend returning a handle) need wasm tail calls;
# Node >= 20 and Chromium run them.
add_compile_options(-mtail-call)
add_link_options(-mtail-call)

# libc++ here only has <experimental/coroutine>; core/coro/compat.h picks it, and its deprecation warning is noise.
add_compile_options(-Wno-deprecated-experimental-coroutine)

# The node that runs wasm tests: emcmake's default emulator passes --experimental-wasm-threads, which node 20
# rejects, and emscripten 3.1.6 output breaks under node's fetch unless it is disabled.
# (Set through CMAKE_CROSSCOMPILING_EMULATOR in CMakePresets.json, since it must be known at configure time.)

# The wasm stack has no guard page, so overflow corrupts the heap: 3.1.6 defaults to a 5 MiB stack
# (TOTAL_STACK); Lua's own C-stack limit (LUAI_MAXCCALLS 200) stays far below it.
add_link_options(-sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=1073741824)
