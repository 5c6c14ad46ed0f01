-- hazard: the returned tables' metamethods never return, so a conversion that calls
--   them hangs the host outside any instruction budget
-- expect: result {"list":[10,20],"nested":{"ok":true}}
local function forever() while true do end end
local trap = { __index = forever, __len = forever, __pairs = forever, __tostring = forever, __eq = forever }
local nested = setmetatable({ ok = true }, trap)
return setmetatable({ list = setmetatable({ 10, 20 }, trap), nested = nested }, trap)
