-- hazard: an array grown without bound; each resize doubles the array part
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 8388608}
local t = {}
for i = 1, math.maxinteger do t[i] = i end
