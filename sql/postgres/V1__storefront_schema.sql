-- Migration 1: the storefront OLTP schema the seeder writes (tables unqualified: they go into the first schema on
-- search_path). connect-init runs the migrations of this folder (Flyway) before it registers the connectors, in
-- Compose and on the local stack; the seeder plugin packages this file and runs it itself when schema.create=true.
-- Every migration here is safe to run on a database that has its objects already: a volume made before migrations
-- (by the files PostgreSQL's image ran at first start) is brought up to date by running them all.

CREATE TABLE IF NOT EXISTS customers (
    id          BIGINT PRIMARY KEY,
    email       TEXT        NOT NULL,
    first_name  TEXT        NOT NULL,
    last_name   TEXT        NOT NULL,
    city        TEXT,
    country     CHAR(2)     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS products (
    id          BIGINT PRIMARY KEY,
    sku         TEXT          NOT NULL UNIQUE,
    name        TEXT          NOT NULL,
    category    TEXT          NOT NULL,
    price       NUMERIC(10,2) NOT NULL CHECK (price >= 0),
    created_at  TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
    id           BIGINT PRIMARY KEY,
    customer_id  BIGINT        NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    status       TEXT          NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    total_amount NUMERIC(12,2) NOT NULL,
    placed_at    TIMESTAMPTZ   NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);

CREATE TABLE IF NOT EXISTS order_items (
    id          BIGINT PRIMARY KEY,
    order_id    BIGINT        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id  BIGINT        NOT NULL REFERENCES products (id),
    quantity    INTEGER       NOT NULL CHECK (quantity > 0),
    unit_price  NUMERIC(10,2) NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX IF NOT EXISTS order_items_order_id_idx ON order_items (order_id);

-- Debezium sends full before-images of updates and deletes only with REPLICA IDENTITY FULL.
ALTER TABLE customers REPLICA IDENTITY FULL;
ALTER TABLE products REPLICA IDENTITY FULL;
ALTER TABLE orders REPLICA IDENTITY FULL;
ALTER TABLE order_items REPLICA IDENTITY FULL;

-- Where each seeder task stands, written in the same transaction as the data: the position survives any crash.
CREATE TABLE IF NOT EXISTS seeder_progress (
    task          INTEGER PRIMARY KEY,
    next_position BIGINT      NOT NULL,
    seed          BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
