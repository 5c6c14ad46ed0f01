-- hazard: an uncaught error whose value is nil: there is no message text at all, and the
--   host must still report a runtime error
-- expect: error ERR_LUAWARD_RUNTIME
-- isolate: process
error(nil)
