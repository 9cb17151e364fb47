package parley

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Site is one customer website embedding the widget.
type Site struct {
	ID   string
	Key  string // public key used in the embed snippet and ?site=
	Name string
	// BotName is what visitors and agents call the bot (site_bot.go);
	// empty: DefaultBotName.
	BotName string
	// AllowedOrigins lists the exact origins (scheme://host[:port]) allowed to
	// open the widget's websocket. Empty allows any origin.
	AllowedOrigins []string
	// IdentitySecret keys the HMAC user_hash and HS256 JWTs. Empty disables
	// identity verification (every identity is rejected).
	IdentitySecret   string
	IdentityRequired bool
	Theme            Theme
	// Greetings (language tag → text) open an empty conversation as the
	// bot's first bubble; Away (language tag → text) is shown when nobody
	// can answer. Both are picked with Localized.
	Greetings map[string]string
	Away      map[string]string
	CreatedAt time.Time
}

// Theme is how the widget looks on a site; zero values are the defaults.
type Theme struct {
	Color    string // "#rrggbb"; empty: the widget's blue
	Position string // "right" (empty) or "left": where the launcher sits
}

// Site setting limits.
const (
	MaxSiteTextRunes = 500 // a greeting, away message or proactive message
	MaxSiteTexts     = 50  // languages per greeting, away or message map
	MaxSiteKey       = 64  // bytes of a new site's key
	MaxSiteNameRunes = 200
)

// ValidSiteKey checks a new site's key: it goes in embed snippets, URLs
// (?site=KEY, /api/v1/sites/KEY) and file names, so it is 1 to MaxSiteKey
// lowercase ASCII letters, digits, '-' and '_', starting with a letter or
// digit.
func ValidSiteKey(key string) error {
	ok := key != "" && len(key) <= MaxSiteKey && key[0] != '-' && key[0] != '_'
	for _, r := range key {
		ok = ok && ('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
	}
	if !ok {
		return Errorf(EINVALID, "key %q: want 1 to %d lowercase letters, digits, '-' and '_', starting with a letter or digit", key, MaxSiteKey)
	}
	return nil
}

var (
	colorRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	// A BCP 47 language tag: a 2–3 letter language, then subtags ("sr-Latn").
	langRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
)

// Validate checks the settings an admin can change, with messages that say
// what is wrong.
func (s Site) Validate() error {
	if s.Key == "" {
		return Errorf(EINVALID, "site without key")
	}
	if n := utf8.RuneCountInString(s.Name); n > MaxSiteNameRunes || !utf8.ValidString(s.Name) ||
		strings.ContainsFunc(s.Name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return Errorf(EINVALID, "name must be one line of at most %d characters", MaxSiteNameRunes)
	}
	for _, o := range s.AllowedOrigins {
		if err := ValidOrigin(o); err != nil {
			return err
		}
	}
	if s.Theme.Color != "" && !colorRe.MatchString(s.Theme.Color) {
		return Errorf(EINVALID, "theme.color %q is not a colour like #1d4ed8", s.Theme.Color)
	}
	switch s.Theme.Position {
	case "", "left", "right":
	default:
		return Errorf(EINVALID, "theme.position %q must be left or right", s.Theme.Position)
	}
	if err := ValidTexts("greetings", s.Greetings); err != nil {
		return err
	}
	return ValidTexts("away", s.Away)
}

// ValidOrigin accepts scheme://host[:port] with an http or https scheme and
// nothing else: no path, query, fragment or credentials.
func ValidOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return Errorf(EINVALID, "origin %q is not scheme://host[:port] (http or https)", o)
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(o, "/") || strings.ContainsAny(o, "?#") {
		return Errorf(EINVALID, "origin %q must have no path, query, fragment or credentials", o)
	}
	return nil
}

// ValidTexts checks a map of language tag → text: tags like "pl" or
// "sr-Latn", texts of 1 to MaxSiteTextRunes characters.
func ValidTexts(field string, texts map[string]string) error {
	if len(texts) > MaxSiteTexts {
		return Errorf(EINVALID, "%s has more than %d languages", field, MaxSiteTexts)
	}
	for lang, text := range texts {
		if len(lang) > 35 || !langRe.MatchString(lang) {
			return Errorf(EINVALID, "%s: %q is not a language tag like pl or sr-Latn", field, lang)
		}
		n := utf8.RuneCountInString(strings.TrimSpace(text))
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
			return Errorf(EINVALID, "%s.%s is not text", field, lang)
		}
		if n == 0 || n > MaxSiteTextRunes {
			return Errorf(EINVALID, "%s.%s must have 1 to %d characters (it has %d)", field, lang, MaxSiteTextRunes, n)
		}
	}
	return nil
}

// Localized picks the text for a visitor's language: the exact tag, then
// its base language ("sr" for "sr-Latn"), then a tag with that base, then
// English, then the first tag in byte order. None is "".
func Localized(texts map[string]string, lang string) string {
	if len(texts) == 0 {
		return ""
	}
	lower := make(map[string]string, len(texts))
	tags := make([]string, 0, len(texts))
	for k, v := range texts {
		lower[strings.ToLower(k)] = v
		tags = append(tags, strings.ToLower(k))
	}
	slices.Sort(tags)
	lang = strings.ToLower(lang)
	base, _, _ := strings.Cut(lang, "-")
	if t, ok := lower[lang]; ok && lang != "" {
		return t
	}
	if t, ok := lower[base]; ok && base != "" {
		return t
	}
	for _, k := range tags {
		if b, _, _ := strings.Cut(k, "-"); b == base && base != "" {
			return lower[k]
		}
	}
	if t, ok := lower["en"]; ok {
		return t
	}
	return lower[tags[0]]
}

// OriginAllowed reports whether a browser Origin header may connect.
func (s Site) OriginAllowed(origin string) bool {
	return len(s.AllowedOrigins) == 0 || slices.Contains(s.AllowedOrigins, origin)
}
