-- hazard: __len claims math.maxinteger elements, so table.remove at position 1 shifts
--   them all down inside C
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
-- isolate: process
local t = setmetatable({}, { __len = function() return math.maxinteger end })
table.remove(t, 1)
