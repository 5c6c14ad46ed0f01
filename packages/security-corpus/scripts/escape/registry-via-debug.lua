-- hazard: debug.getregistry hands out the registry: the real globals, the loaded
--   libraries (io, os) and the host's own references
-- expect: error ERR_LUAWARD_RUNTIME /attempt to index a nil value \(global 'debug'\)/
return debug.getregistry()
