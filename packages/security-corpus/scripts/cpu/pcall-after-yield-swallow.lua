-- hazard: once a coroutine has yielded inside pcall, an error there is caught by Lua's
--   recovery path in lua_resume rather than by pcall's own frame; the limit error must
--   not leave the coroutine running afterwards with hooks switched off
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
-- isolate: process
local resume = coroutine.wrap(function()
  pcall(function()
    coroutine.yield()
    while true do end
  end)
  while true do end
end)
resume()
resume()
return "escaped"
