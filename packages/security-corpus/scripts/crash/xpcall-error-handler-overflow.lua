-- hazard: a message handler that recurses through pcall while the C stack is already
--   exhausted; Lua 5.4.4 before Debian's fix for CVE-2022-33099 overflowed the Lua stack
--   here and corrupted the heap
-- expect: result [false,"error in error handling"]
-- execute: {"results": "all"}
-- isolate: process
local function loop() assert(pcall(loop)) end
return xpcall(loop, loop)
