-- hazard: integer keys that are all multiples of 2^20 - 1 land in one hash chain of a
--   2^20-node table, so each insertion walks the chain in C: about 3 million instructions
--   (within the default budget) and 32 MB cost minutes of CPU
-- expect: error ERR_LUAWARD_TIMEOUT
-- needs: isolated-vm
local step = (1 << 20) - 1
local t = {}
for i = 1, (1 << 19) + (1 << 18) do t[i * step] = true end
return "inserted"
