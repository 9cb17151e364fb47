package parley

import (
	"bytes"
	"encoding/json"
	"maps"
)

// Canonical checks a new contact and returns it with an empty segment as
// visitor: a known segment, texts any store can keep and attributes that
// are JSON without NUL characters (else EINVALID).
func (c Contact) Canonical() (Contact, error) {
	if c.Segment == "" {
		c.Segment = SegmentVisitor
	}
	if !c.Segment.Valid() {
		return c, Errorf(EINVALID, "unknown segment %q", c.Segment)
	}
	if err := validTexts("user id", c.UserID, "email", c.Email, "name", c.Name, "locale", c.Locale); err != nil {
		return c, err
	}
	return c, validAttributes(c.Attributes)
}

// Validate checks a patch as Contact.Canonical checks a contact; an empty
// segment leaves the contact's.
func (p ContactPatch) Validate() error {
	if p.Segment != "" && !p.Segment.Valid() {
		return Errorf(EINVALID, "unknown segment %q", p.Segment)
	}
	if err := validTexts("email", p.Email, "name", p.Name, "locale", p.Locale); err != nil {
		return err
	}
	return validAttributes(p.Attributes)
}

// Merge applies p to c: non-empty fields replace, the segment only rises,
// attributes merge key by key. c.Attributes is copied, never mutated.
func (c Contact) Merge(p ContactPatch) Contact {
	if p.Email != "" {
		c.Email = p.Email
	}
	if p.Name != "" {
		c.Name = p.Name
	}
	if p.Locale != "" {
		c.Locale = p.Locale
	}
	c.Segment = c.Segment.Max(p.Segment)
	if len(p.Attributes) > 0 {
		a := make(map[string]any, len(c.Attributes)+len(p.Attributes))
		maps.Copy(a, c.Attributes)
		maps.Copy(a, p.Attributes)
		c.Attributes = a
	}
	return c
}

// Validate checks an identity claim: a user id, texts any store can keep,
// attributes as in Contact.Canonical.
func (id Identity) Validate() error {
	if id.UserID == "" {
		return Errorf(EINVALID, "identity without user id")
	}
	if err := validTexts("user id", id.UserID, "email", id.Email, "name", id.Name); err != nil {
		return err
	}
	return validAttributes(id.Attributes)
}

// Patch is the patch a proven identity applies to its contact: its email,
// name and attributes, and segment user.
func (id Identity) Patch() ContactPatch {
	return ContactPatch{Email: id.Email, Name: id.Name, Segment: SegmentUser, Attributes: id.Attributes}
}

// validAttributes refuses attributes that are not JSON or hold a NUL
// character (PostgreSQL's jsonb cannot).
func validAttributes(a map[string]any) error {
	if len(a) == 0 {
		return nil
	}
	b, err := json.Marshal(a)
	if err != nil {
		return Errorf(EINVALID, "attributes are not JSON: %v", err)
	}
	if bytes.Contains(b, []byte(`\u0000`)) {
		return Errorf(EINVALID, "attributes contain a NUL character")
	}
	return nil
}

// ValidContactClaim checks the key of Store.ClaimForContact: a contact
// (else ErrNotFound) and a key of 1 to 200 bytes any store can keep.
func ValidContactClaim(contactID, key string) error {
	if contactID == "" {
		return ErrNotFound
	}
	if key == "" || len(key) > 200 {
		return Errorf(EINVALID, "claim key must be 1 to 200 bytes")
	}
	return validText("claim key", key)
}
