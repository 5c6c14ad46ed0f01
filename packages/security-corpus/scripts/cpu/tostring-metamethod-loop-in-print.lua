-- hazard: print calls __tostring from C; a __tostring that never returns
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
-- output: []
print(setmetatable({}, { __tostring = function() while true do end end }))
