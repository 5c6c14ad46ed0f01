-- hazard: a thousand references to one 1 MiB string cost nothing until table.concat
--   joins them into a 1 GiB result
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 16777216}
local piece = string.rep("x", 1 << 20)
local pieces = {}
for i = 1, 1024 do pieces[i] = piece end
return #table.concat(pieces)
