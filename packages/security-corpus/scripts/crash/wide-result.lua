-- hazard: a result with more values than maxValueSize allows
-- expect: error ERR_LUAWARD_CONVERSION
-- options: {"maxValueSize": 1000}
-- isolate: process
local t = {}
for i = 1, 2000 do t[i] = i end
return t
