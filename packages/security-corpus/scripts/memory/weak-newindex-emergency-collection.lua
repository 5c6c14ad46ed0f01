-- hazard: an assignment goes through the __newindex table of a weak-valued metatable,
--   a table nothing else holds; its array part must grow, the allocator cap refuses, and
--   Lua's emergency collection frees the table while luaV_finishset still writes to it
--   (Lua 5.4.1 to 5.4.7, fixed in 5.4.8, which anchors the table on the stack). The
--   script leaves less free than the growth and no garbage, from the exact count that
--   collectgarbage("count") gives, so a fixed Lua can only refuse the assignment; 5.4.4
--   frees the table, retries into freed memory and glibc aborts (double free, or with
--   MALLOC_CHECK_=3 "realloc(): invalid pointer")
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 1048576}
-- isolate: process
local LIMIT = 1048576 -- the memoryLimit above
local SLOTS = 64 -- array slots of the __newindex table: 1 KiB of TValues, then 2 KiB
local GROWTH = SLOTS * 16
local target = {}
for i = 1, SLOTS do target[i] = true end
local mt = setmetatable({ __newindex = target }, { __mode = "v" })
local t = setmetatable({}, mt)
local fill = {}
for i = 1, 2048 do fill[i] = false end -- sized now: filling it allocates nothing more
collectgarbage()
-- Fill with long strings (24 + length + 1 bytes each, no buffer garbage under 1 KiB)
-- until less than GROWTH is left; the collector can only free, never add, garbage here.
local n = 0
while true do
  local free = LIMIT - math.floor(collectgarbage("count") * 1024)
  if free < GROWTH then break end
  n = n + 1
  fill[n] = string.rep("x", math.min(1000, free - 25 - GROWTH // 2))
end
-- From here to the assignment nothing allocates: the weak metatable is the table's only
-- holder when its array must grow.
target = nil
t[SLOTS + 1] = true
return "stored"
