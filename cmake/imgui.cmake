# Dear ImGui (Debian source package) + its SDL2/OpenGL3 backends, and SDL2 built for wasm by scripts/deps.sh.
set(IMGUI_DIR "${LOOPSCOPE_THIRD_PARTY}/imgui" CACHE PATH "unpacked Debian imgui source")
set(SDL2_DIR "${LOOPSCOPE_THIRD_PARTY}/sdl2-wasm/lib/cmake/SDL2" CACHE PATH "SDL2 built for wasm")
if(NOT EXISTS "${IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui source not found at ${IMGUI_DIR}: run 'make deps' first")
endif()
find_package(SDL2 REQUIRED CONFIG)

add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_widgets.cpp
  ${IMGUI_DIR}/imgui_tables.cpp
  ${IMGUI_DIR}/backends/imgui_impl_sdl.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
target_link_libraries(imgui PUBLIC SDL2::SDL2-static)
# WebGL2: 1.86's GL3 backend picks ES2 on Emscripten unless told otherwise. No .ini or file access in a browser.
target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_FILE_FUNCTIONS)
target_compile_options(imgui PRIVATE -w)
