-- The customers every environment starts with. Each failure path of AuthorizePayment is reachable with them
-- (see README.md): an unknown id, bob's small limit, carol's zero limit, dave's USD-only credit line.

INSERT INTO customers (customer_id, currency, credit_limit, held, version) VALUES
    ('alice', 'EUR',  1000.00, 0, 0),
    ('bob',   'EUR',    50.00, 0, 0),
    ('carol', 'EUR',     0.00, 0, 0),
    ('dave',  'USD', 10000.00, 0, 0);
