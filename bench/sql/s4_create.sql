-- S4 POST /orders with 3 items: EF Core's one batch in one transaction (history event, order, outbox row),
-- sent in ONE round trip (a pipeline), as EF Core sends it: the honest limit for the service's write.
\set m random(1, :merchants)
\startpipeline
BEGIN;
INSERT INTO order_events (id, actor_client_id, code, data, from_status, merchant_id, occurred_at, order_id, order_version, request_id, to_status, type)
VALUES (gen_random_uuid(), 'bench-1', NULL, '{"reference": "x", "total": 62.65, "items": 3}', NULL, bench_helpers.merchant_id(:m, :merchants), now(), gen_random_uuid(), 1, 'pgbench', 'created', 'ORDER_CREATED')
RETURNING sequence;
INSERT INTO orders (billing_address, customer, shipping_address, items, trackings, id, cancel_reason, channel, client_created_at, client_updated_at, collection_status, created_at, currency, custom_status_id, customer_email, customer_number, external_order_id, fulfilment_code, hold_reasons, merchant_id, on_hold, paid_amount, payment_reference, payment_url, reference, status, status_callback_url, total, tracking_numbers, updated_at, version)
VALUES (NULL, '{"Name": "Bench Customer", "Email": "bench@example.com", "Phone": null}',
  '{"City": "Berlin", "Line1": "1 Main St", "Line2": null, "Region": null, "PostalCode": "10115", "CountryCode": "DE"}',
  '[{"Id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "Sku": "SKU-1", "Name": "Mug", "Note": null, "Quantity": 2, "LineTotal": 19.00, "UnitPrice": 9.5}, {"Id": "01a201d9-20ef-721e-8c30-de6ff66fbea5", "Sku": "SKU-2", "Name": "Plate", "Note": null, "Quantity": 1, "LineTotal": 14.00, "UnitPrice": 14}, {"Id": "01a201d9-20ef-731e-8c30-de6ff66fbea6", "Sku": "SKU-3", "Name": "Bowl", "Note": null, "Quantity": 3, "LineTotal": 21.75, "UnitPrice": 7.25}]',
  '[]', gen_random_uuid(), NULL, 'web', NULL, NULL, NULL, now(), 'EUR', NULL, 'bench@example.com', NULL, NULL, NULL, '{}',
  bench_helpers.merchant_id(:m, :merchants), false, NULL, NULL, NULL, 'pgb-' || gen_random_uuid(), 'created', NULL, 54.75, '{}', now(), 1);
INSERT INTO outbox_messages (created_at, dispatched_at, event_id, event_type, merchant_id, order_id, payload, status_callback_url)
VALUES (now(), NULL, gen_random_uuid(), 'ORDER_CREATED', bench_helpers.merchant_id(:m, :merchants), gen_random_uuid(),
  '{"id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "type": "ORDER_CREATED", "occurredAt": "2026-11-22T06:04:30Z", "merchantId": "01a201d9-20ef-711e-84cf-94b4d5a86379", "order": {"id": "01a201d9-20ef-711e-84cf-94b4d5a86379", "reference": "x", "status": "created", "version": 1}, "data": {}}', NULL)
RETURNING id;
COMMIT;
\endpipeline
