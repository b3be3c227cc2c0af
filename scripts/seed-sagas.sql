-- Finished sagas for measuring the dashboard against a big database (#14.8): ./saga seed-sagas [N].
-- psql variables: n (sagas), every (one saga in `every` gets its timeline, ~11 rows; 1 = all, at most 256).
-- Rows as the orchestrator writes them for place-order (definition 2): 89.9 % COMPLETED, 10 % COMPENSATED
-- (reservation refused, payment voided, order rejected), 0.1 % FAILED (pivot unanswered: they wait for an
-- operator), started over the last 30 days, lasting 150 ms to ~3 s (most under 400 ms).
\set ON_ERROR_STOP on
\timing on
WITH s AS (
    SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS order_id,
           CASE WHEN n % 1000 = 7 THEN 'FAILED' WHEN n % 10 = 0 THEN 'COMPENSATED' ELSE 'COMPLETED' END AS status,
           now() - interval '30 days' * random() - interval '1 minute' AS started,
           interval '1 millisecond' * (150 + 3000 * power(random(), 4)) AS took
    FROM generate_series(1, :n) n
), sagas AS (
    INSERT INTO saga_instance (id, saga_type, definition_version, correlation_key, status, phase, current_stage,
        current_step_name, attempt, round, awaiting_retry, data, failure_reason, started_at, updated_at, finished_at,
        wake_at, deadline_at, version, steps, timer_failures)
    SELECT id, 'place-order', 2, order_id::text, status,
           CASE status WHEN 'COMPENSATED' THEN 'COMPENSATION' ELSE 'FORWARD' END,
           CASE status WHEN 'COMPENSATED' THEN 0 ELSE 3 END,
           CASE status WHEN 'COMPENSATED' THEN 'reject-order' WHEN 'FAILED' THEN 'approve-order'
                       ELSE 'approve-order + capture-payment' END,
           CASE status WHEN 'FAILED' THEN 5 ELSE 1 END, 0, false,
           jsonb_build_object('orderId', order_id, 'customerId', 'seed-customer-' || (n % 1000),
               'lines', jsonb_build_array(jsonb_build_object('sku', CASE status WHEN 'COMPENSATED' THEN 'SKU-RARE'
                   ELSE 'SKU-APPLE' END, 'quantity', CASE status WHEN 'COMPENSATED' THEN 4 ELSE 1 + n % 3 END,
                   'unitPrice', 1.25)),
               'totalAmount', 1.25 * (1 + n % 3), 'currency', 'EUR',
               'shippingAddress', jsonb_build_object('recipient', 'Seed ' || n, 'street', '1 Rue de la Paix',
                   'city', 'Paris', 'postalCode', '75002', 'country', 'FR'),
               'authorizationId', gen_random_uuid(),
               'shipmentId', CASE status WHEN 'COMPENSATED' THEN NULL ELSE gen_random_uuid() END),
           CASE status WHEN 'COMPENSATED' THEN 'reserve-inventory: OUT_OF_STOCK (SKU-RARE: requested 4, available 3)'
                       WHEN 'FAILED' THEN 'approve-order: no reply after 5 attempts' END,
           started, started + took, started + took, NULL, NULL, CASE status WHEN 'COMPLETED' THEN 9 ELSE 8 END,
           CASE status
               WHEN 'COMPENSATED' THEN jsonb_build_array(jsonb_build_object('step', 'reject-order', 'status', 'UNDONE',
                   'attempt', 1, 'awaitingRetry', false, 'wakeAt', NULL, 'sentAt', started + took * 0.8))
               WHEN 'FAILED' THEN jsonb_build_array(
                   jsonb_build_object('step', 'approve-order', 'status', 'WAITING', 'attempt', 5,
                       'awaitingRetry', false, 'wakeAt', NULL, 'sentAt', started + took * 0.9),
                   jsonb_build_object('step', 'capture-payment', 'status', 'SUCCEEDED', 'attempt', 1,
                       'awaitingRetry', false, 'wakeAt', NULL, 'sentAt', started + took * 0.6))
               ELSE jsonb_build_array(
                   jsonb_build_object('step', 'approve-order', 'status', 'SUCCEEDED', 'attempt', 1,
                       'awaitingRetry', false, 'wakeAt', NULL, 'sentAt', started + took * 0.6),
                   jsonb_build_object('step', 'capture-payment', 'status', 'SUCCEEDED', 'attempt', 1,
                       'awaitingRetry', false, 'wakeAt', NULL, 'sentAt', started + took * 0.6))
           END, 0
    FROM s
    RETURNING id, status, started_at, finished_at
), events (outcome, k, kind, step, attempt, message_type) AS (VALUES
    ('COMPLETED', 0, 'SAGA_STARTED', NULL, 0, NULL),
    ('COMPLETED', 1, 'COMMAND_SENT', 'reserve-inventory', 1, 'inventory.ReserveInventory'),
    ('COMPLETED', 2, 'COMMAND_SENT', 'authorize-payment', 1, 'payment.AuthorizePayment'),
    ('COMPLETED', 3, 'STEP_SUCCEEDED', 'reserve-inventory', 1, 'inventory.InventoryReserved'),
    ('COMPLETED', 4, 'STEP_SUCCEEDED', 'authorize-payment', 1, 'payment.PaymentAuthorized'),
    ('COMPLETED', 5, 'COMMAND_SENT', 'schedule-shipment', 1, 'shipping.ScheduleShipment'),
    ('COMPLETED', 6, 'STEP_SUCCEEDED', 'schedule-shipment', 1, 'shipping.ShipmentScheduled'),
    ('COMPLETED', 7, 'COMMAND_SENT', 'approve-order', 1, 'order.ApproveOrder'),
    ('COMPLETED', 8, 'COMMAND_SENT', 'capture-payment', 1, 'payment.CapturePayment'),
    ('COMPLETED', 9, 'STEP_SUCCEEDED', 'approve-order', 1, 'order.OrderApproved'),
    ('COMPLETED', 10, 'STEP_SUCCEEDED', 'capture-payment', 1, 'payment.PaymentCaptured'),
    ('COMPLETED', 11, 'SAGA_COMPLETED', NULL, 0, NULL),
    ('COMPENSATED', 0, 'SAGA_STARTED', NULL, 0, NULL),
    ('COMPENSATED', 1, 'COMMAND_SENT', 'reserve-inventory', 1, 'inventory.ReserveInventory'),
    ('COMPENSATED', 2, 'COMMAND_SENT', 'authorize-payment', 1, 'payment.AuthorizePayment'),
    ('COMPENSATED', 3, 'STEP_FAILED', 'reserve-inventory', 1, 'inventory.InventoryReservationFailed'),
    ('COMPENSATED', 4, 'COMPENSATION_STARTED', NULL, 0, NULL),
    ('COMPENSATED', 5, 'STEP_SUCCEEDED', 'authorize-payment', 1, 'payment.PaymentAuthorized'),
    ('COMPENSATED', 6, 'COMPENSATION_SENT', 'authorize-payment', 1, 'payment.VoidPaymentAuthorization'),
    ('COMPENSATED', 7, 'STEP_COMPENSATED', 'authorize-payment', 1, 'payment.PaymentAuthorizationVoided'),
    ('COMPENSATED', 8, 'COMPENSATION_SENT', 'reject-order', 1, 'order.RejectOrder'),
    ('COMPENSATED', 9, 'STEP_COMPENSATED', 'reject-order', 1, 'order.OrderRejected'),
    ('COMPENSATED', 10, 'SAGA_COMPENSATED', NULL, 0, NULL),
    ('FAILED', 0, 'SAGA_STARTED', NULL, 0, NULL),
    ('FAILED', 1, 'COMMAND_SENT', 'reserve-inventory', 1, 'inventory.ReserveInventory'),
    ('FAILED', 2, 'COMMAND_SENT', 'authorize-payment', 1, 'payment.AuthorizePayment'),
    ('FAILED', 3, 'STEP_SUCCEEDED', 'reserve-inventory', 1, 'inventory.InventoryReserved'),
    ('FAILED', 4, 'STEP_SUCCEEDED', 'authorize-payment', 1, 'payment.PaymentAuthorized'),
    ('FAILED', 5, 'COMMAND_SENT', 'schedule-shipment', 1, 'shipping.ScheduleShipment'),
    ('FAILED', 6, 'STEP_SUCCEEDED', 'schedule-shipment', 1, 'shipping.ShipmentScheduled'),
    ('FAILED', 7, 'COMMAND_SENT', 'approve-order', 1, 'order.ApproveOrder'),
    ('FAILED', 8, 'COMMAND_SENT', 'capture-payment', 1, 'payment.CapturePayment'),
    ('FAILED', 9, 'STEP_SUCCEEDED', 'capture-payment', 1, 'payment.PaymentCaptured'),
    ('FAILED', 10, 'OUTCOME_UNKNOWN', 'approve-order', 5, NULL)
)
INSERT INTO saga_timeline (saga_id, at, kind, step, attempt, message_type, message_id, detail)
SELECT sagas.id, sagas.started_at + (sagas.finished_at - sagas.started_at) * e.k / 11.0, e.kind, e.step, e.attempt,
       e.message_type, CASE WHEN e.message_type IS NOT NULL THEN gen_random_uuid()::text END,
       CASE WHEN e.message_type IS NULL THEN 'seeded' ELSE e.message_type END
FROM sagas JOIN events e ON e.outcome = sagas.status
WHERE get_byte(uuid_send(sagas.id), 15) % :every = 0 -- per saga: all its events or none
ORDER BY sagas.id, e.k;
-- index-only scans need the visibility map; the planner needs the new row counts
VACUUM ANALYZE saga_instance;
VACUUM ANALYZE saga_timeline;
SELECT status, count(*) FROM saga_instance GROUP BY status ORDER BY status;
