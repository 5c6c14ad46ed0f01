-- hazard: __len claims the table holds math.maxinteger - 1 elements, so table.insert at
--   position 1 shifts 2^63 elements, one lua_geti/lua_seti pair at a time, inside C
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
-- isolate: process
local t = setmetatable({}, { __len = function() return math.maxinteger - 1 end })
table.insert(t, 1, "x")
