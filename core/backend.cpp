// The default backend of a platform: epoll natively, the null backend where there is no epoll (wasm; the
// emulated backend of core/emu/ is chosen explicitly through LoopOptions::backend).
#include "backend.h"

#ifndef __EMSCRIPTEN__
#include "epoll/epoll_backend.h"
#endif

namespace ls {

std::unique_ptr<Backend> make_default_backend() {
#ifdef __EMSCRIPTEN__
  return make_null_backend();
#else
  return std::make_unique<EpollBackend>();
#endif
}

}  // namespace ls
