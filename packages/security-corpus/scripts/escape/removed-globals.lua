-- hazard: the host-reaching globals of the stock libraries (os, io, debug, package and
--   the loaders) are still defined and hand the script files, processes or the registry
-- expect: result ["nil","nil","nil","nil","nil","nil","nil","nil"]
-- execute: {"results": "all"}
return type(os), type(io), type(debug), type(package), type(require), type(module), type(dofile), type(loadfile)
