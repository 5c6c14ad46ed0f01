-- hazard: the script overwrites with rawset every global the sandbox wraps or relies on
--   (tostring, setmetatable, load, xpcall, error, ...) with functions that never return;
--   the engine's print and its error reporting must not look any of them up by name
-- expect: error ERR_LUAWARD_RUNTIME /raised after the overwrite/
-- output: ["1\ttrue\tnil"]
-- options: {"instructionLimit": 1000000}
local names = { "tostring", "setmetatable", "getmetatable", "load", "xpcall", "pcall", "error",
  "type", "next", "pairs", "select", "rawget", "collectgarbage", "string", "_G" }
local rawset, assert = rawset, assert
local function forever() while true do end end
for _, name in ipairs(names) do rawset(_G, name, forever) end
print(1, true, nil)
assert(false, "raised after the overwrite")
