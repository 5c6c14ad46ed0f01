-- hazard: 60 levels of a table holding the previous level twice: 120 tables in Lua, but
--   2^60 paths for a conversion that copies shared subtables; the depth stays under
--   maxValueDepth, so only a size cap that counts every copied value stops it
-- expect: error ERR_LUAWARD_CONVERSION
-- isolate: process
local t = { "leaf" }
for _ = 1, 60 do t = { t, t } end
return t
