-- hazard: the sandbox is only an environment table over the real globals, so a chunk
--   compiled by load, whose default environment is the registry's globals, sees os and io
-- expect: result [true,"nil","nil","nil","nil"]
-- execute: {"results": "all"}
local same = load("return _G")() == _G
return same, load("return type(os), type(io), type(debug), type(package)")()
