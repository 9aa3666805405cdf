// Error names and messages (libuv's wording; luv builds "ENAME: message" from them).
#include <cerrno>

#include "support.h"

TEST_SUITE("errors") {

TEST_CASE("err_name and strerror") {
  CHECK(std::string(ls::err_name(-EINVAL)) == "EINVAL");
  CHECK(std::string(ls::strerror(-EINVAL)) == "invalid argument");
  CHECK(std::string(ls::err_name(-EBUSY)) == "EBUSY");
  CHECK(std::string(ls::strerror(-EBUSY)) == "resource busy or locked");
  CHECK(std::string(ls::err_name(-ECANCELED)) == "ECANCELED");
  CHECK(std::string(ls::strerror(-ECANCELED)) == "operation canceled");
  CHECK(std::string(ls::err_name(-ECONNRESET)) == "ECONNRESET");
  CHECK(std::string(ls::err_name(-ENOTSUP)) == "ENOTSUP");
  CHECK(std::string(ls::err_name(ls::kEOF)) == "EOF");
  CHECK(std::string(ls::strerror(ls::kEOF)) == "end of file");
  CHECK(std::string(ls::err_name(-99999)) == "UNKNOWN");
  CHECK(std::string(ls::strerror(-99999)) == "unknown error");
}

}  // TEST_SUITE
