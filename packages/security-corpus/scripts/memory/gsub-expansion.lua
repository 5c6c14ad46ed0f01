-- hazard: a million one-byte matches each replaced by a kilobyte: a 1 GB result built
--   inside one C call
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 16777216}
local s = string.rep("x", 1000000)
return #s:gsub("x", string.rep("y", 1000))
