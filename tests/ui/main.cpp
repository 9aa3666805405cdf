// doctest main for ui_tests (see tests/doctest_main.h).
#include "../doctest_main.h"
