-- hazard: coroutine.wrap under pcall: the error crosses a coroutine boundary and is caught
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
while true do
  pcall(coroutine.wrap(function() while true do end end))
end
