package webhook

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/parley-chat/parley"
)

// Timeout bounds one attempt, from dialling to the end of the response.
const Timeout = 10 * time.Second

// NewClient returns the HTTP client deliveries use: no redirects followed
// (a 3xx is the endpoint's answer), and unless allowPrivate, connections
// only to public addresses. The check runs at dial time on the resolved
// address, so a name that resolves (or re-resolves: DNS rebinding) to a
// private one is refused too; proxy variables are then not used, since
// the proxy's address would be checked instead of the endpoint's.
func NewClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: Timeout, KeepAlive: 30 * time.Second}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if !allowPrivate {
		dialer.Control = refusePrivate
		tr.Proxy = nil
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
	if ip := ap.Addr().Unmap(); !Public(ip) {
		return fmt.Errorf("webhook: %s is a private address (start the server with --webhook-allow-private to allow it)", ip)
	}
	return nil
}

// Public reports whether ip is an address on the public internet: not
// loopback, private (RFC 1918, fc00::/7), link-local, shared (100.64/10),
// multicast or unspecified.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsInterfaceLocalMulticast() && !ip.IsMulticast() &&
		!ip.IsUnspecified() && !cgnat.Contains(ip)
}

// Resolver looks a host name up (net.DefaultResolver fits).
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// CheckURL refuses, unless allowPrivate, an endpoint URL whose host is a
// private address or a name that resolves to one now: the admin is told at
// once rather than by failed deliveries. A name that does not resolve yet
// is let through; every delivery checks the address it dials anyway. r nil
// is net.DefaultResolver.
func CheckURL(ctx context.Context, raw string, allowPrivate bool, r Resolver) error {
	if allowPrivate {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "url %q is not a valid URL", raw)
	}
	host := u.Hostname()
	refuse := func(ip netip.Addr) error {
		return parley.Errorf(parley.EINVALID, "url: %s is a private address (loopback, private network or link-local); "+
			"webhooks go to public addresses unless the server runs with --webhook-allow-private", ip.Unmap())
	}
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if !Public(ip) {
			return refuse(ip)
		}
		return nil
	}
	if h := strings.ToLower(strings.TrimSuffix(host, ".")); h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return refuse(netip.MustParseAddr("127.0.0.1"))
	}
	if r == nil {
		r = net.DefaultResolver
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	ips, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil // not resolvable now; the dial-time check stands
	}
	for _, ip := range ips {
		if !Public(ip) {
			return refuse(ip)
		}
	}
	return nil
}
