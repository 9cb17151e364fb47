package main

import (
	"strings"
	"testing"
)

func TestEmailFlagsValidate(t *testing.T) {
	secret := strings.Repeat("s", 32)
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"PARLEY_SMTP_URL": "http://x", "PARLEY_SMTP_FROM": "a@b.co"}, "scheme must be smtp"},
		{map[string]string{"PARLEY_SMTP_URL": "smtp://mail.example.com", "PARLEY_SMTP_FROM": "a@b.co"}, "--email-link-secret"},
		{map[string]string{"PARLEY_SMTP_URL": "smtp://mail.example.com", "PARLEY_SMTP_FROM": "a@b.co", "PARLEY_EMAIL_LINK_SECRET": secret}, "--public-url"},
		{map[string]string{"PARLEY_SMTP_URL": "smtp://mail.example.com", "PARLEY_EMAIL_LINK_SECRET": secret, "PARLEY_PUBLIC_URL": "https://chat.example.com"}, "smtp from"},
		{map[string]string{"PARLEY_SMTP_URL": "smtp://mail.example.com", "PARLEY_SMTP_FROM": "a@b.co", "PARLEY_SMTP_TLS": "sometimes", "PARLEY_EMAIL_LINK_SECRET": secret, "PARLEY_PUBLIC_URL": "https://chat.example.com"}, "smtp tls"},
		{map[string]string{"PARLEY_SMTP_URL": "smtp://mail.example.com", "PARLEY_SMTP_FROM": "a@b.co", "PARLEY_EMAIL_LINK_SECRET": secret, "PARLEY_PUBLIC_URL": "https://chat.example.com"}, ""},
	} {
		var c Config
		fs := flagSetDiscard()
		c.register(fs)
		if err := parseFlags(fs, nil, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }); err != nil {
			t.Fatal(err)
		}
		err := c.Validate()
		if tt.want == "" {
			if err != nil {
				t.Errorf("%v: %v", tt.env, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.env, err, tt.want)
		}
	}
}
