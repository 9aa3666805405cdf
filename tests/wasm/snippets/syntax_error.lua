-- A syntax error must be reported the same way natively and in wasm (exit 1, file:line: message).
local ok = true
if ok then
  print('unreachable'
end
