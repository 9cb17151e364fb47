-- +goose Up
-- A contact's history is every conversation of the same person on the
-- site: the contact's own and those of contacts with the same email (a
-- visitor who gave it again on another device), matched ignoring case.
CREATE INDEX contacts_site_email ON contacts (site_id, lower(email)) WHERE email <> '';

-- +goose Down
DROP INDEX contacts_site_email;
