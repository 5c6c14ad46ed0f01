-- hazard: the limit error kills a coroutine from inside the hook, which leaves hooks
--   switched off on that coroutine for good; coroutine.close then runs its pending
--   __close, which never returns, on that coroutine
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
-- isolate: process
local co = coroutine.create(function()
  local guard <close> = setmetatable({}, { __close = function() while true do end end })
  while true do end
end)
coroutine.resume(co)
coroutine.close(co)
return "escaped"
