-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d).
-- One role and one database per service, role name = database name = password, as in the local stack
-- (scripts/postgres.sh). REPLICATION lets each service's embedded Debezium open a logical replication
-- connection to its own database; owning the database lets it create its publication and slot.
CREATE ROLE orchestrator      LOGIN REPLICATION PASSWORD 'orchestrator';
CREATE ROLE order_service     LOGIN REPLICATION PASSWORD 'order_service';
CREATE ROLE inventory_service LOGIN REPLICATION PASSWORD 'inventory_service';
CREATE ROLE payment_service   LOGIN REPLICATION PASSWORD 'payment_service';
CREATE ROLE shipping_service  LOGIN REPLICATION PASSWORD 'shipping_service';

CREATE DATABASE orchestrator      OWNER orchestrator;
CREATE DATABASE order_service     OWNER order_service;
CREATE DATABASE inventory_service OWNER inventory_service;
CREATE DATABASE payment_service   OWNER payment_service;
CREATE DATABASE shipping_service  OWNER shipping_service;
