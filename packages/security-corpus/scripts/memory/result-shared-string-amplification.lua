-- hazard: one 1 MiB string referenced from 100 slots costs 1 MiB in an 8 MiB state, but a
--   conversion that copies it once per slot makes the host allocate 100 MiB, outside any
--   limit (with the default limits: a million slots of a 60 MiB string, 60 TB)
-- expect: error ERR_LUAWARD_CONVERSION
-- options: {"memoryLimit": 8388608}
-- isolate: process
local s = string.rep("x", 1 << 20)
local t = {}
for i = 1, 100 do t[i] = s end
return t
