-- hazard: a C function counts as one instruction however long it runs, so the default
--   budget of 10^8 instructions buys some 25 million one-megabyte copies: hours of CPU
-- expect: error ERR_LUAWARD_TIMEOUT
-- needs: isolated-vm
local rep = string.rep
while true do rep("x", 1 << 20) end
