-- Which database transaction applied each effect: records of one poll share it (MessageDispatcher.dispatchAll).
ALTER TABLE test_effects ADD COLUMN txid bigint NOT NULL DEFAULT txid_current();
