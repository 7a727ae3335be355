-- S3 GET /orders?status=…&limit=50: the first keyset page of one merchant's orders in one status.
-- Captured with bench/run.sh --capture-sql (EF Core's command log), see bench/README.md.
\set m random(1, :merchants)
\set s random(1, 7)
SELECT o.id AS "Id", o.number AS "Number", o.reference AS "Reference", o.external_order_id AS "ExternalOrderId", o.customer_number AS "CustomerNumber", o.channel AS "Channel", o.customer, o.currency AS "Currency", o.total AS "Total", o.paid_amount AS "PaidAmount", o.status AS "State", o.fulfilment_code AS "FulfilmentCode", o.custom_status_id AS "CustomStatusId", o.on_hold AS "OnHold", o.collection_status AS "CollectionStatus", o.created_at AS "CreatedAt", o.updated_at AS "UpdatedAt", o.version AS "Version"
FROM orders AS o
WHERE o.merchant_id = bench_helpers.merchant_id(:m, :merchants) AND o.status = (ARRAY['created','paid','in_fulfilment','sent','delivered','done','cancelled'])[:s]
ORDER BY o.created_at DESC, o.id DESC
LIMIT 51;
