-- hazard: a subtable reached twice is not a cycle; conversion must not refuse it
-- expect: result [[1,2],[1,2]]
-- isolate: process
local shared = { 1, 2 }
return { shared, shared }
