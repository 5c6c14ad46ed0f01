-- hazard: each coroutine is a Lua thread with its own stack; a flood of them must be
--   counted against the limit like any other allocation
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 8388608, "libs": ["base", "string", "table", "math", "coroutine"]}
local threads = {}
while true do threads[#threads + 1] = coroutine.create(print) end
