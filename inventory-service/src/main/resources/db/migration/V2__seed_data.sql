-- Demo and test stock; each failure path of ReserveInventory is reachable with it (see README.md):
-- SKU-RARE runs out after 3 units, SKU-SOLDOUT has none, any other SKU is unknown.
INSERT INTO stock_items (sku, available, reserved, version) VALUES
    ('SKU-APPLE',   1000, 0, 0),
    ('SKU-PEAR',    1000, 0, 0),
    ('SKU-BANANA',   500, 0, 0),
    ('SKU-RARE',       3, 0, 0),
    ('SKU-SOLDOUT',    0, 0, 0);
