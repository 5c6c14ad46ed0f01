-- hazard: a result nested 100000 tables deep: a recursive conversion overflows the
--   native stack of the host unless it stops at maxValueDepth
-- expect: error ERR_LUAWARD_CONVERSION
-- isolate: process
local root = {}
local node = root
for _ = 1, 100000 do
  node[1] = {}
  node = node[1]
end
return root
