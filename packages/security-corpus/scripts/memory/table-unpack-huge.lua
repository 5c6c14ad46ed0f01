-- hazard: table.unpack of a hundred million nils needs as many stack slots
-- expect: error ERR_LUAWARD_RUNTIME /too many results to unpack/
return select("#", table.unpack({}, 1, 1e8))
