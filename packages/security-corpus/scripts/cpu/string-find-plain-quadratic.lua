-- hazard: a plain find of a 10 MB needle that fails on its last byte, at each of 10
--   million positions of a 20 MB haystack: 10^14 byte comparisons in one C call, within
--   the default memory limit
-- expect: error ERR_LUAWARD_TIMEOUT
-- needs: isolated-vm
local haystack = string.rep("a", 20000000)
local needle = string.rep("a", 10000000) .. "b"
return haystack:find(needle, 1, true)
