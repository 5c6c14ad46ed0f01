-- hazard: the loop runs in a callback called from C (string.gsub), not in the chunk
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
return string.gsub("abc", ".", function() while true do end end)
