-- hazard: as coroutine-close-after-limit, without calling close: a function made by
--   coroutine.wrap closes the dead coroutine's pending variables itself when it fails
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
-- isolate: process
local f = coroutine.wrap(function()
  local guard <close> = setmetatable({}, { __close = function() while true do end end })
  while true do end
end)
pcall(f)
return "escaped"
