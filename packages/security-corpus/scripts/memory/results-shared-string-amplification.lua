-- hazard: as result-shared-string-amplification, through 100 separate results of one
--   request instead of the slots of one table
-- expect: error ERR_LUAWARD_CONVERSION
-- options: {"memoryLimit": 8388608}
-- execute: {"results": "all"}
-- isolate: process
local s = string.rep("x", 1 << 20)
local t = {}
for i = 1, 100 do t[i] = s end
return table.unpack(t)
