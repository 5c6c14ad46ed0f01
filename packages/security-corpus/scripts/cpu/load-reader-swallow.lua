-- hazard: load runs its reader function in protected mode and returns the reader's error
--   as a message: a pcall in disguise
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
while true do
  load(function() while true do end end)
end
