-- hazard: pcall catches the instruction-limit error and the outer loop starts over, so a
--   budget that raises its error only once is never enforced
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
while true do
  pcall(function() while true do end end)
end
