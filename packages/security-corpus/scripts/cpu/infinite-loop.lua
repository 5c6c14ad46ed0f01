-- hazard: the plainest denial of service: a loop that never ends
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
while true do end
