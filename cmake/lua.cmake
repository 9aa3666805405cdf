# Lua 5.4, built by us from the Debian source package for both targets so native and wasm runs are identical.
set(LUA_DIR "${LOOPSCOPE_THIRD_PARTY}/lua" CACHE PATH "unpacked Debian lua5.4 source")
if(NOT EXISTS "${LUA_DIR}/src/lapi.c")
  message(FATAL_ERROR "Lua source not found at ${LUA_DIR}: run 'make deps' (scripts/deps.sh) first")
endif()

file(GLOB LUA_SOURCES "${LUA_DIR}/src/*.c")
list(FILTER LUA_SOURCES EXCLUDE REGEX "/(lua|luac)\\.c$")
# Lua errors unwind through our C++ bindings (a luaL_argerror raised while a std::string or a std::function lives
# in a binding's frame). Built as C++, Lua raises them as C++ exceptions (ldo.c's LUAI_THROW), which run those
# destructors; built as C it longjmps past them: a leak natively, and in wasm, where -fexceptions is on,
# emscripten 3.1.6 loses the jump altogether (pcall then returned true and nothing). Each source is compiled
# through a wrapper that keeps the C API's names (extern "C"); the C headers come first, outside the block,
# because in C++ some of them (math.h) declare templates.
set(LUA_CXX_DIR "${CMAKE_BINARY_DIR}/lua-cxx")
set(LUA_CXX_SOURCES)
foreach(src ${LUA_SOURCES})
  get_filename_component(name "${src}" NAME_WE)
  file(CONFIGURE OUTPUT "${LUA_CXX_DIR}/${name}.cpp" CONTENT
"#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
extern \"C\" {
#include \"${src}\"
}
")
  list(APPEND LUA_CXX_SOURCES "${LUA_CXX_DIR}/${name}.cpp")
endforeach()
add_library(lua_core STATIC ${LUA_CXX_SOURCES})

# Debian's 0002 patch makes luaconf.h include a header that only the package build writes.
file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/lua-stub/lua5.4-deb-multiarch.h"
     CONTENT "#define DEB_HOST_MULTIARCH \"loopscope\"\n")
target_include_directories(lua_core SYSTEM PUBLIC "${LUA_DIR}/src" "${CMAKE_BINARY_DIR}/lua-stub")

# Determinism: stock Lua seeds string hashes from time and addresses (pairs() order would differ per run and
# between native and wasm) and randomises table.sort's pivot from the clock. A forced include fixes both; it is a
# header because CMake cannot pass function-like macros as compile definitions.
file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/lua-stub/loopscope_lua_fixed_seeds.h"
     CONTENT "#define luai_makeseed(L) 0x10095c0eu\n#define l_randomizePivot() 0x5eedu\n")
target_compile_options(lua_core PRIVATE -include "${CMAKE_BINARY_DIR}/lua-stub/loopscope_lua_fixed_seeds.h")
if(NOT EMSCRIPTEN)
  target_compile_definitions(lua_core PRIVATE LUA_USE_POSIX)
endif()
set_target_properties(lua_core PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_compile_options(lua_core PRIVATE -w)

