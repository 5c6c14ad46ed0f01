-- hazard: a comparator that always answers true makes the quicksort partition run past
--   the ends of the array; Lua must detect it instead of reading out of bounds
-- expect: error ERR_LUAWARD_RUNTIME /invalid order function for sorting/
-- isolate: process
local t = {}
for i = 1, 100 do t[i] = i end
table.sort(t, function() return true end)
