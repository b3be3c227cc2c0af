-- Sagas of any type: a saga is about a business object its definition names (aggregate type and key name), so the
-- order id becomes a generic correlation key — for place-order the order id as text, rows kept. Still one saga per
-- type and key. Rewrites the table once (uuid -> text): on a million sagas, seconds under an exclusive lock.
ALTER TABLE saga_instance RENAME COLUMN order_id TO correlation_key;
ALTER TABLE saga_instance ALTER COLUMN correlation_key TYPE varchar(200) USING correlation_key::text;
ALTER TABLE saga_instance RENAME CONSTRAINT saga_instance_saga_type_order_id_key TO saga_instance_type_key;
-- GET /sagas?key= (and its alias ?orderId=) finds its sagas without knowing their type
ALTER INDEX saga_instance_order RENAME TO saga_instance_key;
-- Which definition versions still have sagas that may need them (GET /sagas/definitions): the open sagas only.
CREATE INDEX saga_instance_open_version ON saga_instance (saga_type, definition_version, status)
    WHERE status IN ('RUNNING', 'COMPENSATING', 'FAILED');
COMMENT ON COLUMN saga_instance.correlation_key IS
    'the business key the saga is about, named by its definition (place-order: the order id)';
