package inmem

import "context"

// Broker delivers every published payload to one handler in the publisher's
// goroutine (the node's hub, which never blocks). One process, no network.
type Broker struct {
	deliver func(topic string, payload []byte)
}

// NewBroker returns a broker that hands payloads to deliver.
func NewBroker(deliver func(topic string, payload []byte)) *Broker {
	return &Broker{deliver: deliver}
}

// Publish delivers payload now.
func (b *Broker) Publish(_ context.Context, topic string, payload []byte) error {
	b.deliver(topic, payload)
	return nil
}
