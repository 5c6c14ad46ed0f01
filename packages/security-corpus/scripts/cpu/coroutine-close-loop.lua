-- hazard: coroutine.close runs the pending __close of a suspended coroutine, here one
--   that never returns, and returns its error instead of raising it
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
-- isolate: process
local co = coroutine.create(function()
  local guard <close> = setmetatable({}, { __close = function() while true do end end })
  coroutine.yield()
end)
coroutine.resume(co)
local ok, err = coroutine.close(co)
return "escaped", ok, err
