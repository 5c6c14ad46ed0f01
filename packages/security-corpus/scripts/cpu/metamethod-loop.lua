-- hazard: the loop runs in an __eq metamethod that the VM calls for a comparison
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
local mt = { __eq = function() while true do end end }
return setmetatable({}, mt) == setmetatable({}, mt)
