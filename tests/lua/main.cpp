// doctest main for lua_tests (see tests/doctest_main.h).
#include "../doctest_main.h"
