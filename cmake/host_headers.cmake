# Header-only libraries from Debian packages (doctest, nlohmann-json, CLI11) for both targets.
# em++ must not see /usr/include as a whole (host libc headers would shadow the wasm sysroot), so each library's
# own folder is linked into build/<target>/host-include and only that is put on the include path.
set(LOOPSCOPE_HOST_INCLUDE "${CMAKE_BINARY_DIR}/host-include")
function(loopscope_host_headers target folder)
  if(NOT EXISTS "/usr/include/${folder}")
    message(FATAL_ERROR "/usr/include/${folder} not found: run 'make deps' (scripts/deps.sh) first")
  endif()
  file(MAKE_DIRECTORY "${LOOPSCOPE_HOST_INCLUDE}")
  file(CREATE_LINK "/usr/include/${folder}" "${LOOPSCOPE_HOST_INCLUDE}/${folder}" SYMBOLIC)
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  target_include_directories(${target} SYSTEM INTERFACE "${LOOPSCOPE_HOST_INCLUDE}")
endfunction()

loopscope_host_headers(host_doctest doctest)
loopscope_host_headers(host_json nlohmann)
loopscope_host_headers(host_cli11 CLI)
