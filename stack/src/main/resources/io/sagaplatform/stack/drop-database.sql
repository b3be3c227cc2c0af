-- Drops one database and every replication slot that points at it: the platform's one teardown of a database,
-- run by scripts/postgres.sh through psql (drop-test-leftovers, drop-service-databases for ./saga reset) and by
-- testing's TestDatabase over JDBC (each test's own database, orphans of killed runs), through DropDatabaseScript.
--
-- Written for psql: the name comes in the variable database (psql -v database=NAME -f drop-database.sql), used as
-- :'database' (a literal) and :"database" (an identifier) only; DropDatabaseScript substitutes the two the same
-- way and runs the statements one by one. Each statement ends with ';' at the end of a line, outside $$ quotes.
-- They run one at a time, not in a transaction: DROP DATABASE cannot run in one, and a block on connections has
-- to be committed before it keeps anybody out.
--
-- Who may run it: a superuser, or the role that owns the database and may end its sessions (member of their roles)
-- and drop its slots (REPLICATION) - as saga_test in its sagatest_* databases, where relays log in as
-- saga_test_relay (scripts/postgres.sh up grants it to saga_test).

-- The name for the $$ blocks below, which psql does not substitute into.
SELECT set_config('saga.drop_database', :'database', false);

-- 1. Nobody connects any more: a relay whose walsender is ended cannot come back and take its slot again, nor make
--    a new one. Committed on its own, so that it holds while the next statement ends the sessions.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_database WHERE datname = current_setting('saga.drop_database')) THEN
    EXECUTE format('ALTER DATABASE %I ALLOW_CONNECTIONS false', current_setting('saga.drop_database'));
  END IF;
END
$$;

-- 2. End every session on the database (walsenders included) and drop its slots. A slot may still be active for a
--    moment after its walsender was told to end, or be taken again by a relay that connected before step 1:
--    end its walsender again and retry every 0.1 s, for up to 15 seconds, then fail naming the slots left (the
--    database then stays closed to connections; running this again finishes the job).
DO $$
DECLARE
  db text := current_setting('saga.drop_database');
  deadline timestamptz := clock_timestamp() + interval '15 seconds';
  slot record;
  ended bigint;
BEGIN
  -- sessions of roles this one may end (the superuser: all); DROP DATABASE ... WITH (FORCE) ends the rest or says why
  PERFORM pg_terminate_backend(pid)
     FROM pg_stat_activity
    WHERE datname = db AND pid <> pg_backend_pid() AND usesysid IS NOT NULL AND pg_has_role(usesysid, 'MEMBER');
  GET DIAGNOSTICS ended = ROW_COUNT;
  IF ended > 0 THEN
    RAISE NOTICE 'ended % session(s) on database %', ended, db;
  END IF;
  LOOP
    FOR slot IN SELECT slot_name, active_pid FROM pg_replication_slots WHERE database = db ORDER BY slot_name LOOP
      BEGIN
        IF slot.active_pid IS NOT NULL THEN
          PERFORM pg_terminate_backend(slot.active_pid);
        END IF;
        PERFORM pg_drop_replication_slot(slot.slot_name);
        RAISE NOTICE 'dropped replication slot %', slot.slot_name;
      EXCEPTION
        WHEN object_in_use THEN NULL;     -- still (or again) active: the next round ends its walsender again
        WHEN undefined_object THEN NULL;  -- dropped meanwhile by someone else
      END;
    END LOOP;
    EXIT WHEN NOT EXISTS (SELECT FROM pg_replication_slots WHERE database = db);
    IF clock_timestamp() > deadline THEN
      RAISE EXCEPTION 'replication slots of database % are still active after 15 s: %', db,
        (SELECT string_agg(format('%s (pid %s)', slot_name, active_pid), ', ') FROM pg_replication_slots
          WHERE database = db);
    END IF;
    PERFORM pg_sleep(0.1);
  END LOOP;
END
$$;

-- 3. The database, with any session that is left (FORCE); no logical slot points at it any more, which DROP
--    DATABASE requires.
DROP DATABASE IF EXISTS :"database" WITH (FORCE);
