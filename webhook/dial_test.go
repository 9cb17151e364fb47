package webhook

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/parley-chat/parley"
)

func TestPublicAddresses(t *testing.T) {
	for addr, want := range map[string]bool{
		"93.184.216.34": true, "2606:2800:220:1::1": true, "8.8.8.8": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "100.64.0.1": false, "0.0.0.0": false, "::1": false,
		"fc00::1": false, "fe80::1": false, "::ffff:10.0.0.1": false, "224.0.0.1": false,
	} {
		if got := refusePrivate("tcp", netip.AddrPortFrom(netip.MustParseAddr(addr), 443).String(), nil) == nil; got != want {
			t.Errorf("%s allowed = %v, want %v", addr, got, want)
		}
	}
}

// fakeResolver answers every name with its addresses.
type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if ips, ok := f[host]; ok {
		return ips, nil
	}
	return nil, errors.New("no such host")
}

func TestCheckURL(t *testing.T) {
	r := fakeResolver{
		"crm.internal.example": {netip.MustParseAddr("10.0.0.5")},
		"mixed.example":        {netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("169.254.169.254")},
		"public.example":       {netip.MustParseAddr("93.184.216.34")},
	}
	for raw, refused := range map[string]bool{
		"http://127.0.0.1:8080/in": true, "http://10.1.2.3/in": true, "http://[::1]/in": true, "http://[::ffff:10.0.0.1]/": true,
		"http://169.254.169.254/latest/meta-data": true, "http://localhost:9/x": true, "http://api.localhost/": true,
		"https://crm.internal.example/in": true, "https://mixed.example/in": true, "http://0.0.0.0/": true,
		"https://93.184.216.34/in": false, "https://public.example/in": false, "https://not-resolvable.example/in": false,
	} {
		err := CheckURL(t.Context(), raw, false, r)
		if got := err != nil; got != refused {
			t.Errorf("%s: refused %v (%v), want %v", raw, got, err, refused)
		}
		if err != nil && (parley.ErrorCode(err) != parley.EINVALID || !strings.Contains(err.Error(), "--webhook-allow-private")) {
			t.Errorf("%s: %v; want an invalid error naming the option", raw, err)
		}
		if err := CheckURL(t.Context(), raw, true, r); err != nil {
			t.Errorf("%s with allowPrivate: %v", raw, err)
		}
	}
}

// TestDialChecksResolvedAddress: the client refuses a name at dial time
// when it resolves to a private address, whatever was checked before.
func TestDialChecksResolvedAddress(t *testing.T) {
	var reached atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/"} {
		resp, err := NewClient(false).Post(u, "application/json", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
			t.Fatalf("%s: delivered", u)
		}
		if !strings.Contains(err.Error(), "private address") {
			t.Errorf("%s: %v", u, err)
		}
	}
	if n := reached.Load(); n != 0 {
		t.Fatalf("a private address was reached %d times", n)
	}
	resp, err := NewClient(true).Post(srv.URL, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatalf("with allowPrivate: %v", err)
	}
	resp.Body.Close()
}
