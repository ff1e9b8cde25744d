-- The ClickHouse side of the storefront pipeline: the database the sink writes and its rejected_rows table.
-- The Compose stack's ClickHouse runs this at first start; the local stack runs it before it registers the sink.
-- Safe to run again. One statement per ';' at the end of a line.
--
-- The current-state tables (customers, products, orders, order_items) are not here: the sink creates each one from
-- its topic's record schema (ReplacingMergeTree, ordered by the record key) and adds columns as the schema evolves.

CREATE DATABASE IF NOT EXISTS storefront;

-- One row per problem of a rejected record: where it came from, what was wrong, the original payload; for a row of a
-- batch upload job also the job, the row's number in its file and its event id.
-- ReplacingMergeTree keyed by where the row came from (its Kafka position; for a batch job's row its job and row
-- number, which a replay keeps), column and error code, so a replay after a crash adds nothing twice and two rules a
-- value breaks keep a row each.
-- The sink creates this same table when it is missing; creating it here lets people query it from the start.
CREATE TABLE IF NOT EXISTS storefront.rejected_rows
(
    connector   String,
    topic       String,
    partition   Int32,
    offset      Int64,
    row_key     Nullable(String),
    column      String,
    expected    String,
    error_code  String,
    observed    Nullable(String),
    message     String,
    rejected_at DateTime,
    payload     Nullable(String),
    job_id      Nullable(String),
    row_number  Nullable(Int64),
    event_id    Nullable(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (connector, topic, ifNull(job_id, ''), ifNull(row_number, offset), if(isNull(job_id), partition, -1), column,
          error_code);
