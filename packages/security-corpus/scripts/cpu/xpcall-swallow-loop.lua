-- hazard: as pcall, but through xpcall with a message handler that discards the error
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
local function ignore() return "ignored" end
while true do
  xpcall(function() while true do end end, ignore)
end
