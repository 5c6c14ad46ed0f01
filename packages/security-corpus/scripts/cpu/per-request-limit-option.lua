-- hazard: a request option that lowers the budget is ignored and the engine-wide limit
--   applies instead; 100000 iterations fit in the engine's budget but not the request's
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 100000000}
-- execute: {"instructionLimit": 10000}
local n = 0
for i = 1, 100000 do n = n + i end
return n
