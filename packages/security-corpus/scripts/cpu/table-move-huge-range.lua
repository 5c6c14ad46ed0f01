-- hazard: table.move over 2^62 indices of an empty table copies nils inside one C call:
--   no allocation and no VM instruction, so the count hook never sees the work
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
-- isolate: process
return table.move({}, 1, math.maxinteger // 2, 1)
