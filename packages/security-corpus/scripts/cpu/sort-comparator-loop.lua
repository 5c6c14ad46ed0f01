-- hazard: the loop runs in a table.sort comparator, called from C
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
table.sort({ 3, 2, 1 }, function() while true do end end)
