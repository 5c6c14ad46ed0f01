-- hazard: the script raises the limit's error text itself to pass for a limit error
-- expect: error ERR_LUAWARD_RUNTIME /instruction limit exceeded/
error("instruction limit exceeded", 0)
