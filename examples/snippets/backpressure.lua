-- title: Back-pressure: a fast writer and a slow reader
-- description: A writer that ignores the write queue versus one that waits for it to drain (high and low water marks).
-- watch: the reader takes a break after every chunk. A writer that ignores this keeps queueing: write() never
--        blocks, so the data piles up in the write queue (get_write_queue_size), in the writer's memory.
--        The polite writer stops at a high-water mark and resumes from a write callback, once the queue has
--        drained below the low-water mark. Compare the largest queue of the two halves.
local uv = require('luv')

local KiB = 1024
local CHUNK, TOTAL = 64 * KiB, 8192 * KiB
local HIGH, LOW = 256 * KiB, 64 * KiB
local chunk = string.rep('x', CHUNK)

-- The slow reader: after each chunk it stops reading for 5 ms. Returns the port it listens on.
local function start_slow_reader(label, on_done)
  local server = uv.new_tcp()
  assert(server:bind('127.0.0.1', 0))
  server:listen(1, function()
    local conn, pause, received = uv.new_tcp(), uv.new_timer(), 0
    server:accept(conn)
    local function on_read(err, data)
      assert(not err, err)
      if not data then
        print(('%s: the reader got %d KiB'):format(label, received // KiB))
        pause:close() conn:close() server:close()
        on_done()
        return
      end
      received = received + #data
      conn:read_stop()
      pause:start(5, 0, function() conn:read_start(on_read) end)
    end
    conn:read_start(on_read)
  end)
  return server:getsockname().port
end

local function connect(port, on_connected)
  local client = uv.new_tcp()
  client:connect('127.0.0.1', port, function(err) assert(not err, err) on_connected(client) end)
end

-- 1. The careless writer: everything at once.
local function careless(then_run)
  local port = start_slow_reader('careless', then_run)
  connect(port, function(client)
    for _ = 1, TOTAL // CHUNK do client:write(chunk) end
    print(('careless: all %d KiB written at once; queued in this process: %d KiB'):format(
      TOTAL // KiB, client:get_write_queue_size() // KiB))
    client:shutdown(function() client:close() end)
  end)
end

-- 2. The polite writer: pauses at HIGH, resumes below LOW.
local function polite()
  local port = start_slow_reader('polite', function() end)
  connect(port, function(client)
    local written, largest, pauses, finished = 0, 0, 0, false
    local function pump()
      while written < TOTAL do
        if client:get_write_queue_size() >= HIGH then
          pauses = pauses + 1
          return  -- a write callback calls pump() again
        end
        written = written + CHUNK
        client:write(chunk, function()
          if client:get_write_queue_size() < LOW and written < TOTAL then pump() end
          if written == TOTAL and client:get_write_queue_size() == 0 and not finished then
            finished = true
            print(('polite: %d KiB written, %d pauses, largest queue %d KiB'):format(
              written // KiB, pauses, largest // KiB))
            client:shutdown(function() client:close() end)
          end
        end)
        largest = math.max(largest, client:get_write_queue_size())
      end
    end
    pump()
  end)
end

careless(polite)
uv.run()
