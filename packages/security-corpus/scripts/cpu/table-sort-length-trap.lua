-- hazard: a table-like value with two billion elements that cost no memory: __len lies,
--   __index and __newindex are C functions (no VM instruction, no allocation), so
--   table.sort compares and swaps for hours inside C
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
-- isolate: process
local t = setmetatable({}, {
  __len = function() return 2147483646 end,
  __index = rawlen,
  __newindex = rawlen,
})
table.sort(t)
