-- hazard: the budget must hold in engine.call as in execute
-- expect: none
-- options: {"instructionLimit": 1000000}
-- then: {"call": "spin"}
-- then-expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
function spin() while true do end end
