-- hazard: the host looks up the function to call through _G's __index, which the script
--   made an endless loop: engine.call runs script code before its request starts
-- expect: none
-- then: {"call": "missing"}
-- then-expect: error ERR_LUAWARD_RUNTIME /attempt to call a nil value/
setmetatable(_G, { __index = function() while true do end end })
