-- hazard: a message handler that raises again recurses until Lua gives up with
--   "error in error handling"; in a loop, every round trip goes through error handling
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
local function rethrow(message) error(message, 0) end
while true do
  xpcall(error, rethrow, "again")
end
