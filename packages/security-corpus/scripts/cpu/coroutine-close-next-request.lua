-- hazard: a coroutine killed by the limit in one request keeps its pending __close, and
--   Lua 5.4.4 leaves hooks switched off on it for good; a later request closes it with a
--   fresh budget, and the never-ending __close would run with no hook to stop it. No
--   budget can reach that thread any more, so its __close must never run: close reports
--   the coroutine's error instead.
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
-- then: {"call": "closeIt"}
-- then-expect: result [false,false]
-- isolate: process
closeRan = false
co = coroutine.create(function()
  local guard <close> = setmetatable({}, {
    __close = function()
      closeRan = true
      while true do end
    end,
  })
  while true do end
end)
function closeIt()
  local closed = coroutine.close(co)
  return { closed, closeRan }
end
coroutine.resume(co)
