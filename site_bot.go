package parley

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultBotName is the bot's name on a site that has not named it (the
// widget shows its own translation of it).
const DefaultBotName = "Assistant"

// MaxBotNameRunes bounds a site's bot name.
const MaxBotNameRunes = 40

// Bot is the name the site's bot goes by.
func (s Site) Bot() string {
	if s.BotName == "" {
		return DefaultBotName
	}
	return s.BotName
}

// CleanBotName trims a bot name and refuses one that is too long, not
// UTF-8, or holds control or bidi formatting characters (a name must not
// reorder the text around it).
func CleanBotName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxBotNameRunes {
		return "", Errorf(EINVALID, "bot_name must be UTF-8 of at most %d characters", MaxBotNameRunes)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return "", Errorf(EINVALID, "bot_name must not hold control or bidi formatting characters")
		}
	}
	return name, nil
}
