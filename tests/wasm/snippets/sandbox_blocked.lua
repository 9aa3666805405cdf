-- parity-flags: --budget 300000
-- An endless callback is stopped by the instruction budget at the same line on both targets.
local t = require('luv').new_timer()
t:start(1, 0, function()
  local n = 0
  while true do n = n + 1 end
end)
