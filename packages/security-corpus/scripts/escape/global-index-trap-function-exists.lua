-- hazard: the host looks up a global through _G's __index, which the script made an
--   endless loop: functionExists runs script code outside the request's budget
-- expect: none
-- then: {"functionExists": "missing"}
-- then-expect: result false
setmetatable(_G, { __index = function() while true do end end })
