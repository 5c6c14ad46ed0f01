-- hazard: unwinding the limit error runs a to-be-closed variable's __close, which loops
--   forever in turn
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
local guard <close> = setmetatable({}, { __close = function() while true do end end })
while true do end
