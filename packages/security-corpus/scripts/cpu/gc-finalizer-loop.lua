-- hazard: a __gc finalizer that never returns. Lua 5.4 runs finalizers with hooks
--   switched off, so no instruction budget can stop one: a collection during the request
--   never returns. The collection must return (finalizers set by scripts never run).
-- expect: result "survived"
-- options: {"instructionLimit": 1000000}
-- isolate: process
setmetatable({}, { __gc = function() while true do end end })
collectgarbage()
return "survived"
