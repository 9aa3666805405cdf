// uv_random: len bytes from the backend's random source — natively getrandom(2); on the emulated backend a
// deterministic generator (xorshift64*, seeded the same way every run), so a run repeats byte for byte as every
// emulated run does. Two forms, as fs requests: without a callback the bytes come back at once; with one, a
// pool request "random" (traced, cancellable) whose callback runs in the poll phase. flags must be 0 (libuv:
// EINVAL otherwise). Covered by tests/lua/peer/random.lua (against luv) and tests/lua/os_test.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace ls {

class Loop;

struct RandomResult {
  int64_t result = 0;  // 0 or a negative errno
  uint64_t req = 0;    // async form: the request id
  std::string data;
};

using RandomCallback = std::function<void(RandomResult&)>;

RandomResult random_bytes(Loop& loop, size_t len, unsigned flags, RandomCallback cb = {});

}  // namespace ls
