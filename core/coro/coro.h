// Everything of ls::coro in one include: tasks, the drivers and the awaitables over the loop.
//   task.h      task<T>: lazy, move-only, symmetric transfer, exceptions to the awaiter
//   spawn.h     spawn() a detached strand (failures reported), run() a loop until a task's result is known
//   when_all.h  await several tasks at once (asyncio.gather)
//   sleep.h     sleep(loop, ms), sleep(timer, ms)
//   work.h      work(loop, fn): fn on the thread pool
//   stream.h    listen/accept, read, write, shutdown, connect over Stream/Tcp/Pipe
//   fs.h        fs::open, fs::read, ... (the async form of every ls::fs_* call)
//   close.h     close(handle): close, cancel its waiters (ECANCELED), wait; handle_ptr for coroutine frames
//   strand.h    strands, waiters, inspect(): what the trace and the UI see of coroutines
//   compat.h    <coroutine> vs <experimental/coroutine>, source locations; error.h: ls::coro::error
#pragma once

#include "close.h"
#include "compat.h"
#include "error.h"
#include "fs.h"
#include "sleep.h"
#include "spawn.h"
#include "strand.h"
#include "stream.h"
#include "task.h"
#include "when_all.h"
#include "work.h"
