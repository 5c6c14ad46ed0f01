-- hazard: the script replaces error, pcall, xpcall, setmetatable and collectgarbage
--   before looping; a limit that relies on any of them from Lua no longer works
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
local noop = function() end
error, pcall, xpcall, setmetatable, collectgarbage = noop, noop, noop, noop, noop
while true do end
