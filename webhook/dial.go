package webhook

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Timeout bounds one attempt, from dialling to the end of the response.
const Timeout = 10 * time.Second

// NewClient returns the HTTP client deliveries use: no redirects followed
// (a 3xx is the endpoint's answer), and with denyPrivate, connections only
// to public addresses. The check runs at dial time on the resolved address,
// so a name that resolves (or re-resolves) to a private one is refused too.
func NewClient(denyPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: Timeout, KeepAlive: 30 * time.Second}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if denyPrivate {
		dialer.Control = refusePrivate
		tr.Proxy = nil // a proxy's address would be checked instead of the endpoint's
	}
	tr.DialContext = dialer.DialContext
	tr.MaxIdleConnsPerHost = 4
	return &http.Client{
		Transport:     tr,
		Timeout:       Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// cgnat is 100.64.0.0/10, shared address space that IsPrivate leaves out.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// refusePrivate is a net.Dialer Control: it refuses loopback, private,
// link-local (cloud metadata services), shared and unspecified addresses.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhook: dial %s: %w", address, err)
	}
	if ip := ap.Addr().Unmap(); !public(ip) {
		return fmt.Errorf("webhook: %s is a private address (PARLEY_WEBHOOK_DENY_PRIVATE is set)", ip)
	}
	return nil
}

func public(ip netip.Addr) bool {
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsInterfaceLocalMulticast() && !ip.IsMulticast() &&
		!ip.IsUnspecified() && !cgnat.Contains(ip)
}
