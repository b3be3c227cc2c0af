-- The dashboard's reads stay bounded with a million finished sagas (#14.8):
-- GET /sagas?orderId= finds its saga without walking the (saga_type, order_id) index,
CREATE INDEX saga_instance_order ON saga_instance (order_id);
-- the stuck filter and the stats' stuck count read only the sagas still open, never the finished ones,
CREATE INDEX saga_instance_open ON saga_instance (started_at DESC) WHERE status IN ('RUNNING', 'COMPENSATING', 'FAILED');
-- and the stats read the sagas finished in their window (FAILED ones included) from an index.
CREATE INDEX saga_instance_finished_at ON saga_instance (finished_at DESC) WHERE finished_at IS NOT NULL;
-- GET /sagas?type= newest first (and its capped count) from one index range, even for a type with no sagas.
CREATE INDEX saga_instance_type ON saga_instance (saga_type, started_at DESC);
