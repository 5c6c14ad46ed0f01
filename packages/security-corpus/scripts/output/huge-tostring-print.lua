-- hazard: a short value whose __tostring returns 2 MiB: the limit must count the text
--   that is printed, not the arguments given to print
-- expect: error ERR_LUAWARD_OUTPUT_LIMIT
-- output: []
local big = string.rep("x", 2 * 1024 * 1024)
print(setmetatable({}, { __tostring = function() return big end }))
