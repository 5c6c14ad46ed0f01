-- hazard: converting the result runs the returned table's __index, __len, __pairs or
--   __tostring: script code outside the request's budget, during the host's work.
--   Each metamethod counts its calls in a global that a later call reads back.
-- expect: result [[1,2,3],{"name":"raw"},{}]
-- execute: {"results": "all"}
-- then: {"call": "metamethodCalls"}
-- then-expect: result 0
calls = 0
function metamethodCalls() return calls end
local function count() calls = calls + 1 end
local hostile = {
  __index = function() count() return "from __index" end,
  __len = function() count() return 10 end,
  __pairs = function(t) count() return next, { injected = true }, nil end,
  __tostring = function() count() return "from __tostring" end,
  __name = "Hostile",
}
return setmetatable({ 1, 2, 3 }, hostile), setmetatable({ name = "raw" }, hostile), setmetatable({}, hostile)
