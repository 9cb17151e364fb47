package intent

// HasNetwork reports whether m includes the neural scorer.
func (m *Model) HasNetwork() bool { return m.core.mlp != nil }

// NetworkFits reports whether Train, with the default options, would add
// the neural scorer for this many examples over this many intents: enough
// examples to learn from, and few enough intents for its output layer to
// fit the work cap. It lets callers that train without the network first
// (for speed) skip a second training that would add nothing.
func NetworkFits(examples, intents int) bool {
	if examples < mlpMinExamples || intents < 2 {
		return false
	}
	hidden := float64(config{}.withDefaults().MLPHidden)
	perPass := hidden * 3 * float64(examples) * float64(intents) // the output layer; features add a little more
	return mlpBudget/perPass >= 2
}
