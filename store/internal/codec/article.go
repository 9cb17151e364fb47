package codec

import "encoding/json"

// Questions returns the stored JSON form of example questions.
func Questions(q []string) []byte {
	if len(q) == 0 {
		return []byte("[]")
	}
	b, _ := json.Marshal(q) // strings always marshal
	return b
}

// ParseQuestions reads stored questions; empty is nil.
func ParseQuestions(b []byte) ([]string, error) {
	return ParseOrigins(b) // the same shape: a JSON array of strings
}
