-- hazard: doubling a string by concatenation reaches any limit in a few dozen steps
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 16777216}
local s = "x"
while true do s = s .. s end
