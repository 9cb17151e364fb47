package parley

// Canonical checks a site before it is stored: Validate, texts any store
// can keep (key, name, identity secret), and the greeting and away tags
// made canonical ("PL" is "pl"; two tags equal once canonical are
// EINVALID). The maps returned are new; s's are not changed.
func (s Site) Canonical() (Site, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	if err := validTexts("site key", s.Key, "site name", s.Name, "identity secret", s.IdentitySecret); err != nil {
		return s, err
	}
	var err error
	if s.Greetings, err = CanonicalTexts(s.Greetings); err != nil {
		return s, err
	}
	if s.Away, err = CanonicalTexts(s.Away); err != nil {
		return s, err
	}
	return s, nil
}

// CanonicalProactive checks a site's proactive rules (ValidateProactive)
// and returns them with their messages' language tags canonical, as
// Site.Canonical does for greetings. rules is not changed.
func CanonicalProactive(rules []ProactiveRule) ([]ProactiveRule, error) {
	if err := ValidateProactive(rules); err != nil {
		return nil, err
	}
	out := make([]ProactiveRule, len(rules))
	for i, r := range rules {
		msgs, err := CanonicalTexts(r.Messages)
		if err != nil {
			return nil, Errorf(EINVALID, "rules[%d]: %s", i, ErrorMessage(err))
		}
		r.Messages = msgs
		out[i] = r
	}
	return out, nil
}
