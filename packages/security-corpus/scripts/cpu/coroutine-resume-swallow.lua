-- hazard: coroutine.resume returns errors instead of raising them: each endless coroutine
--   is cut off by the limit and the loop creates the next one
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
while true do
  coroutine.resume(coroutine.create(function() while true do end end))
end
