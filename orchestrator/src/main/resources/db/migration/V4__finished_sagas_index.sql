-- The retention job purges sagas that ended for good by when they finished (FinishedSagaRetention).
CREATE INDEX saga_instance_finished ON saga_instance (finished_at) WHERE status IN ('COMPLETED', 'COMPENSATED', 'ABORTED');
