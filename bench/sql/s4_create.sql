-- S4 POST /orders with 3 items. The service sends four round trips: the merchant's order-number
-- counter (its own statement, autocommit), the duplicate-reference probe, then EF Core's one batch
-- (history event, order, outbox row) in a transaction (BEGIN goes with the batch), and COMMIT. Here all
-- of them go in ONE round trip (a pipeline), which the service cannot beat: the honest limit for the write.
-- Captured with bench/run.sh --capture-sql (EF Core's command log), see bench/README.md.
\set m random(1, :merchants)
\set num random(1000000000, 9000000000000)
\startpipeline
INSERT INTO merchant_counters AS c (merchant_id, last_order_number, last_custom_status_number)
VALUES (bench_helpers.merchant_id(:m, :merchants), 1, 0)
ON CONFLICT (merchant_id) DO UPDATE SET last_order_number = c.last_order_number + 1
RETURNING c.last_order_number AS "Value";
SELECT EXISTS (
    SELECT 1
    FROM orders AS o
    WHERE o.merchant_id = bench_helpers.merchant_id(:m, :merchants) AND o.merchant_id = bench_helpers.merchant_id(:m, :merchants) AND o.reference = 'pgb-' || :num);
BEGIN;
INSERT INTO order_events (id, merchant_id, actor_client_id, code, data, from_status, occurred_at, order_id, order_version, request_id, to_status, type)
VALUES (gen_random_uuid(), bench_helpers.merchant_id(:m, :merchants), 'bench-1', NULL, '{"reference": "x", "total": 54.75, "items": 3}', NULL, now(), gen_random_uuid(), 1, 'pgbench', 'created', 'ORDER_CREATED')
RETURNING sequence, tx_id;
INSERT INTO orders (billing_address, customer, shipping_address, items, trackings, id, merchant_id, cancel_reason, channel, client_created_at, client_updated_at, collection_status, created_at, currency, custom_status_id, customer_email, customer_number, external_order_id, fulfilment_code, hold_reasons, last_item_number, last_tracking_number, number, on_hold, paid_amount, payment_reference, payment_url, reference, status, status_callback_url, total, tracking_numbers, updated_at, version)
VALUES (NULL, '{"Name": "Bench Customer", "Email": "bench@example.com", "Phone": null}',
  '{"City": "Berlin", "Line1": "1 Main St", "Line2": null, "Region": null, "PostalCode": "10115", "CountryCode": "DE"}',
  '[{"Id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "Sku": "SKU-1", "Name": "Mug", "Note": null, "Number": 1, "Quantity": 2, "LineTotal": 19.00, "UnitPrice": 9.5}, {"Id": "01a201d9-20ef-721e-8c30-de6ff66fbea5", "Sku": "SKU-2", "Name": "Plate", "Note": null, "Number": 2, "Quantity": 1, "LineTotal": 14.00, "UnitPrice": 14}, {"Id": "01a201d9-20ef-731e-8c30-de6ff66fbea6", "Sku": "SKU-3", "Name": "Bowl", "Note": null, "Number": 3, "Quantity": 3, "LineTotal": 21.75, "UnitPrice": 7.25}]',
  '[]', gen_random_uuid(), bench_helpers.merchant_id(:m, :merchants), NULL, 'web', NULL, NULL, NULL, now(), 'EUR', NULL, 'bench@example.com', NULL, NULL, NULL, '{}',
  3, 0, :num, false, NULL, NULL, NULL, 'pgb-' || :num, 'created', NULL, 54.75, '{}', now(), 1)
RETURNING order_date;
INSERT INTO outbox_messages (merchant_id, created_at, dispatched_at, event_id, event_type, order_id, payload, status_callback_url)
VALUES (bench_helpers.merchant_id(:m, :merchants), now(), NULL, gen_random_uuid(), 'ORDER_CREATED', gen_random_uuid(),
  '{"id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "type": "ORDER_CREATED", "occurredAt": "2026-11-22T06:04:30Z", "merchantId": "01a201d9-20ef-711e-84cf-94b4d5a86379", "order": {"id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "reference": "x", "status": "created", "version": 1}, "data": {}}', NULL)
RETURNING id;
COMMIT;
\endpipeline
