-- Lua built by Loopscope has a fixed hash seed and a seeded math.random: these lines match on both targets.
local t = {}
for i = 1, 40 do t['key' .. i] = i end
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
print(table.concat(keys, ' '))
print(math.random(1, 1000000), math.random(), math.random(7))
print(string.format('%.3f %d %s', 1 / 3, 2 ^ 40, tostring(0.1 + 0.2)))
