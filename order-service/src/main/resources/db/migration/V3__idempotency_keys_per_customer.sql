-- An Idempotency-Key is the customer's own: another customer's request under the same key is a request of its
-- own, placed as usual. Keyed on the key alone, it was refused with a 422 that told that customer someone else had
-- used the key.
--
-- Every existing key names an order (order_id is NOT NULL and references orders), whose customer is the key's; the
-- keys were unique on their own, so they stay unique per customer. ON CONFLICT (customer_id, idempotency_key) needs
-- this primary key: two identical first requests still race on one index entry, and the second waits for the
-- first to commit and answers with its order.
--
-- Rolling out: a replica of the previous version inserts ON CONFLICT (idempotency_key), which no longer has a
-- unique index to match, so its keyed POST /orders fail (500, nothing stored) until it is replaced.

ALTER TABLE idempotency_keys ADD COLUMN customer_id varchar(64);
UPDATE idempotency_keys k SET customer_id = o.customer_id FROM orders o WHERE o.id = k.order_id;
ALTER TABLE idempotency_keys ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (customer_id, idempotency_key);
