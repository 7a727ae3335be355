-- S5 POST /orders/{id}/paid. The service sends three round trips in one transaction: the locked read
-- of the order (BEGIN goes with it), EF Core's one batch (two history events, the order update guarded
-- by its version, two outbox rows), and COMMIT. Here all of it goes in ONE round trip (a pipeline),
-- which the service cannot beat (it needs the read before the batch): the honest limit for the write,
-- so that service ÷ pgbench cannot exceed 100 % by construction.
-- Captured with bench/run.sh --capture-sql (EF Core's command log), see bench/README.md.
\set n random(1, :orders)
\startpipeline
BEGIN;
SELECT o.id, o.merchant_id, o.cancel_reason, o.channel, o.client_created_at, o.client_updated_at, o.collection_status, o.created_at, o.currency, o.custom_status_id, o.customer_email, o.customer_number, o.external_order_id, o.fulfilment_code, o.hold_reasons, o.last_item_number, o.last_tracking_number, o.number, o.on_hold, o.order_date, o.paid_amount, o.payment_reference, o.payment_url, o.reference, o.status, o.status_callback_url, o.total, o.tracking_numbers, o.updated_at, o.version, o.billing_address, o.customer, o.shipping_address, o.items, o.trackings
FROM (
    SELECT * FROM orders WHERE id = bench_helpers.order_id(:n) AND merchant_id = bench_helpers.merchant_id(:n, :merchants) FOR UPDATE
) AS o
WHERE o.merchant_id = bench_helpers.merchant_id(:n, :merchants)
LIMIT 2;
INSERT INTO order_events (id, merchant_id, actor_client_id, code, data, from_status, occurred_at, order_id, order_version, request_id, to_status, type)
VALUES (gen_random_uuid(), bench_helpers.merchant_id(:n, :merchants), 'bench-1', NULL, '{}', 'created', now(), bench_helpers.order_id(:n), 2, 'pgbench', 'paid', 'STATUS_CHANGED')
RETURNING sequence, tx_id;
INSERT INTO order_events (id, merchant_id, actor_client_id, code, data, from_status, occurred_at, order_id, order_version, request_id, to_status, type)
VALUES (gen_random_uuid(), bench_helpers.merchant_id(:n, :merchants), 'bench-1', NULL, '{"amount": 54.75, "paymentReference": "bench"}', NULL, now(), bench_helpers.order_id(:n), 2, 'pgbench', NULL, 'PAYMENT_RECORDED')
RETURNING sequence, tx_id;
-- The service's guard is the version it read (version = @p31); the pipeline cannot carry it over, so it
-- compares the column with itself: the same plan, always true.
UPDATE orders SET paid_amount = total, payment_reference = 'bench', status = 'paid', updated_at = now(), version = version + 1
WHERE id = bench_helpers.order_id(:n) AND merchant_id = bench_helpers.merchant_id(:n, :merchants) AND version = version
RETURNING order_date;
INSERT INTO outbox_messages (merchant_id, created_at, dispatched_at, event_id, event_type, order_id, payload, status_callback_url)
VALUES (bench_helpers.merchant_id(:n, :merchants), now(), NULL, gen_random_uuid(), 'STATUS_CHANGED', bench_helpers.order_id(:n),
  '{"id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "type": "STATUS_CHANGED", "occurredAt": "2026-11-22T06:04:30Z", "order": {"status": "paid", "version": 2}, "data": {}}', NULL)
RETURNING id;
INSERT INTO outbox_messages (merchant_id, created_at, dispatched_at, event_id, event_type, order_id, payload, status_callback_url)
VALUES (bench_helpers.merchant_id(:n, :merchants), now(), NULL, gen_random_uuid(), 'PAYMENT_RECORDED', bench_helpers.order_id(:n),
  '{"id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "type": "PAYMENT_RECORDED", "occurredAt": "2026-11-22T06:04:30Z", "order": {"status": "paid", "version": 2}, "data": {}}', NULL)
RETURNING id;
COMMIT;
\endpipeline
