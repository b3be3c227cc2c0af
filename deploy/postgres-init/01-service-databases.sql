-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d).
-- Per service, two roles and a database, as in the local stack (scripts/postgres.sh):
--   <database>        the application role: owns the database and its tables, runs the migrations, creates
--                     the relay's publication. No REPLICATION: a leaked application password cannot stream WAL.
--   <database>_relay  the relay's replication role: REPLICATION, and in the database only what the service
--                     grants it at start-up (SELECT on outbox, write on relay_heartbeat).
-- Password = role name: development credentials, and every port is published on 127.0.0.1 only.
CREATE ROLE orchestrator            LOGIN NOREPLICATION PASSWORD 'orchestrator';
CREATE ROLE orchestrator_relay      LOGIN REPLICATION   PASSWORD 'orchestrator_relay';
CREATE ROLE order_service           LOGIN NOREPLICATION PASSWORD 'order_service';
CREATE ROLE order_service_relay     LOGIN REPLICATION   PASSWORD 'order_service_relay';
CREATE ROLE inventory_service       LOGIN NOREPLICATION PASSWORD 'inventory_service';
CREATE ROLE inventory_service_relay LOGIN REPLICATION   PASSWORD 'inventory_service_relay';
CREATE ROLE payment_service         LOGIN NOREPLICATION PASSWORD 'payment_service';
CREATE ROLE payment_service_relay   LOGIN REPLICATION   PASSWORD 'payment_service_relay';
CREATE ROLE shipping_service        LOGIN NOREPLICATION PASSWORD 'shipping_service';
CREATE ROLE shipping_service_relay  LOGIN REPLICATION   PASSWORD 'shipping_service_relay';

CREATE DATABASE orchestrator      OWNER orchestrator;
CREATE DATABASE order_service     OWNER order_service;
CREATE DATABASE inventory_service OWNER inventory_service;
CREATE DATABASE payment_service   OWNER payment_service;
CREATE DATABASE shipping_service  OWNER shipping_service;
