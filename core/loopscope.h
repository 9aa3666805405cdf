// Everything a C++ user of the loop core needs, in one include.
#pragma once

#include "async.h"
#include "backend.h"
#include "errors.h"
#include "handle.h"
#include "inspect.h"
#include "loop.h"
#include "poll.h"
#include "signal.h"
#include "timer.h"
#include "trace.h"
#include "watchers.h"
