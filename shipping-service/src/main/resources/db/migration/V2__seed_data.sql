-- The unserviceable countries a fresh installation starts with; a ScheduleShipment to either is refused
-- with UNSERVICEABLE_DESTINATION (the README lists every input that drives a failure path).
INSERT INTO unserviceable_destinations (country, reason) VALUES
    ('AQ', 'Antarctica: no carrier delivers there'),
    ('KP', 'North Korea: deliveries suspended by every carrier');
