-- title: 한글 over TCP: a read delivers bytes, not characters
-- description: A Korean greeting sent in two writes cut inside a character: the reader gets bytes and must buffer.
-- watch: "안녕하세요" is 5 characters but 15 bytes (3 per syllable). The client writes the first 8 bytes and
--        the rest only once the server has read them (a real network cuts where it likes; waiting for the read
--        makes this cut certain), so the read callback runs twice and its first chunk ends in the middle of 하. utf8.len() refuses each chunk alone; the buffered whole decodes. Any stream (TCP, pipes, files
--        read in pieces) can cut a character like this: decode only what the buffer holds in whole.
-- peer: luv
local uv = require('luv')

local greeting = '안녕하세요'
print(('sending "%s": %d characters, %d bytes'):format(greeting, utf8.len(greeting), #greeting))

local client = uv.new_tcp()
local function send_rest()
  client:write(greeting:sub(9), function()
    client:shutdown(function() client:close() end)
  end)
end

local server = uv.new_tcp()
assert(server:bind('127.0.0.1', 0))
assert(server:listen(1, function(err)
  assert(not err, err)
  local conn, buffer, reads = uv.new_tcp(), '', 0
  server:accept(conn)
  conn:read_start(function(err, chunk)
    assert(not err, err)
    if chunk then
      reads = reads + 1
      buffer = buffer .. chunk
      local chars, bad = utf8.len(chunk)
      print(('read %d: %d bytes, %s'):format(reads, #chunk,
        chars and (chars .. ' whole characters') or ('not whole UTF-8 (a character is cut at byte ' .. bad .. ')')))
      if reads == 1 then send_rest() end
    else
      print(('end: the buffer holds %d bytes = %d characters: %s'):format(#buffer, utf8.len(buffer), buffer))
      conn:close()
      server:close()
    end
  end)
end))

client:connect('127.0.0.1', server:getsockname().port, function(err)
  assert(not err, err)
  client:write(greeting:sub(1, 8))  -- 안, 녕 and the first 2 of 하's 3 bytes
end)

uv.run()
