-- hazard: the limit must hold in engine.call as in execute: a function defined by one
--   request allocates without bound when the host calls it
-- expect: none
-- options: {"memoryLimit": 8388608}
-- then: {"call": "grow"}
-- then-expect: error ERR_LUAWARD_MEMORY_LIMIT
function grow()
  local t = {}
  while true do t[#t + 1] = string.rep("x", 4096) .. #t end
end
