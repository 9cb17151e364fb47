-- +goose Up
-- Finished deliveries by age, for pruning the outbox.
CREATE INDEX webhook_deliveries_done ON webhook_deliveries (updated_at) WHERE status <> 'pending';

-- +goose Down
DROP INDEX webhook_deliveries_done;
