package codec

import (
	"encoding/json"

	"github.com/parley-chat/parley"
)

// Phrases returns the stored form of an intent's training phrases.
func Phrases(p []string) []byte {
	b, _ := json.Marshal(p) // strings always marshal
	return b
}

// ParsePhrases reads the stored phrases.
func ParsePhrases(b []byte) ([]string, error) {
	var p []string
	err := json.Unmarshal(b, &p)
	return p, err
}

type botSettingsJSON struct {
	Threshold     float64          `json:"threshold"`
	AutomationCap int              `json:"automation_cap"`
	SkipSegments  []parley.Segment `json:"skip_segments"`
	BypassUrgency parley.Urgency   `json:"bypass_urgency"`
}

// BotSettings returns the stored form of a site's bot settings (checked by
// parley.BotSettings.Validate).
func BotSettings(s parley.BotSettings) []byte {
	if s.SkipSegments == nil {
		s.SkipSegments = []parley.Segment{}
	}
	b, _ := json.Marshal(botSettingsJSON(s)) // plain fields always marshal
	return b
}

// ParseBotSettings reads stored bot settings.
func ParseBotSettings(b []byte) (parley.BotSettings, error) {
	var j botSettingsJSON
	err := json.Unmarshal(b, &j)
	return parley.BotSettings(j), err
}
