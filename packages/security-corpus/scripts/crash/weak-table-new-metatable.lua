-- hazard: an all-weak table gets a new metatable after the collector traversed it in
--   the propagate phase: Lua 5.3 to 5.4.8 do not traverse all-weak tables again in the
--   atomic phase, so the new metatable, held by nothing else, is never marked and is
--   freed while the table still points to it (fixed in 5.4.9). The script steps the
--   collector with collectgarbage("step") and sets a fresh metatable after every step;
--   after each cycle the table's metatable must still be the last one set (5.4.4 and
--   5.4.8 read freed memory and count every round)
-- expect: result 0
-- isolate: process
local live = {}
for i = 1, 20000 do live[i] = { i } end -- enough for the propagate phase to take many steps
local weak = setmetatable({}, { __mode = "kv" })
local wrong = 0
for round = 1, 5 do
  collectgarbage()
  local step = 0
  repeat
    step = step + 1
    setmetatable(weak, { __mode = "kv", round = round, step = step })
  until collectgarbage("step", 0)
  -- The cycle is over: what it freed is free; allocate over it.
  local reuse = {}
  for i = 1, 200 do reuse[i] = { __mode = "kv", round = -1, step = -1 } end
  local mt = getmetatable(weak)
  if type(mt) ~= "table" or rawget(mt, "round") ~= round or rawget(mt, "step") ~= step then wrong = wrong + 1 end
end
return wrong
