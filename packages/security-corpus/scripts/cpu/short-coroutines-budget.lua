-- hazard: a new coroutine starts with a fresh hook count, so coroutines that finish
--   before the count hook first fires run for free. Each coroutine here runs more than a
--   hundred instructions; the script records how many it got through, and a later call
--   checks that this stays within twice the budget.
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000, "libs": ["base", "string", "table", "math", "coroutine"]}
-- then: {"call": "withinTwiceTheBudget"}
-- then-expect: result true
coroutineInstructions = 0
function withinTwiceTheBudget() return coroutineInstructions <= 2 * 1000000 end
local create, resume = coroutine.create, coroutine.resume
local function body() for _ = 1, 100 do end end
while true do
  resume(create(body))
  coroutineInstructions = coroutineInstructions + 100
end
