-- S1 GET /orders/{id}/status, and S2 GET /orders/{id} and S6 (the 304) too: the service issues this
-- same statement for all three (one row holds the whole order; a 304 still reads the version).
-- Captured with bench/run.sh --capture-sql (EF Core's command log), see bench/README.md.
\set n random(1, :orders)
SELECT o.id, o.merchant_id, o.cancel_reason, o.channel, o.client_created_at, o.client_updated_at, o.collection_status, o.created_at, o.currency, o.custom_status_id, o.customer_email, o.customer_number, o.external_order_id, o.fulfilment_code, o.hold_reasons, o.last_item_number, o.last_tracking_number, o.number, o.on_hold, o.order_date, o.paid_amount, o.payment_reference, o.payment_url, o.reference, o.status, o.status_callback_url, o.total, o.tracking_numbers, o.updated_at, o.version, o.billing_address, o.customer, o.shipping_address, o.items, o.trackings, CASE
    WHEN o.custom_status_id IS NULL THEN NULL
    ELSE (
        SELECT c.name
        FROM custom_statuses AS c
        WHERE c.merchant_id = bench_helpers.merchant_id(:n, :merchants) AND c.id = o.custom_status_id
        LIMIT 1)
END
FROM orders AS o
WHERE o.merchant_id = bench_helpers.merchant_id(:n, :merchants) AND o.id = bench_helpers.order_id(:n)
LIMIT 2;
