package codec

// Questions returns the stored JSON form of example questions.
func Questions(q []string) []byte {
	return Origins(q) // the same shape: a JSON array of strings
}

// ParseQuestions reads stored questions; empty is nil.
func ParseQuestions(b []byte) ([]string, error) {
	return ParseOrigins(b) // the same shape: a JSON array of strings
}
