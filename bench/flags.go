package bench

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// config is one run's settings, parsed and checked by parseFlags.
type config struct {
	base         *url.URL // http(s)://host:port of the server
	wsURL        string   // ws(s)://host:port/ws/visitor?site=KEY
	site         string
	origin       string
	visitors     int
	rate         float64 // acked messages/s over all visitors; 0 = closed loop
	duration     time.Duration
	warmup       time.Duration
	sources      int
	idle         bool
	settle       time.Duration
	verify       bool
	verifySample int
	json         bool
	allowRemote  bool
	loopback     bool   // the server is on this machine
	textJSON     []byte // --text as a JSON string literal
	waitRefine   time.Duration
}

const usageText = `usage: parley bench [flags]

Load-tests a running server over the visitor websocket protocol: connects
--visitors visitors, has them send messages (closed loop, or --rate in total),
and prints acked messages/s, ack latency percentiles (from writing a send to
reading its ack), reply latency when a bot or agent answers, error frames by
code, and with --verify the acked messages lost or duplicated on resume.
With --idle it only connects and reports the server's memory per connection.

flags:
`

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	var rawURL, text string
	fs := flag.NewFlagSet("parley bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usageText); fs.PrintDefaults() }
	fs.StringVar(&rawURL, "url", "http://127.0.0.1:8080", "server base URL; visitors connect to its /ws/visitor")
	fs.StringVar(&c.site, "site", "demo", "site key the visitors chat on")
	fs.StringVar(&c.origin, "origin", "", "Origin header to send (needed for sites with allowed origins)")
	fs.IntVar(&c.visitors, "visitors", 1000, "visitors (websocket connections) to hold open")
	fs.Float64Var(&c.rate, "rate", 0, "target acked messages/s over all visitors; 0 = closed loop (send the next as soon as the last is acked)")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "measured load time (after --warmup)")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "load time before measuring, excluded from the figures")
	fs.IntVar(&c.sources, "sources", 1, "local source addresses 127.0.0.1..127.0.0.N to spread connections over (each has its own ports)")
	fs.BoolVar(&c.idle, "idle", false, "connect, say hello, hold idle and report server memory per connection from its /metrics")
	fs.DurationVar(&c.settle, "settle", 5*time.Second, "with --idle: pause after connecting before sampling memory")
	fs.BoolVar(&c.verify, "verify", false, "after the load, resume every visitor from seq 0 and check each acked message appears once with its seq")
	fs.IntVar(&c.verifySample, "verify-sample", 0, "with --verify: check only this many visitors, evenly spread (0 = all)")
	fs.StringVar(&text, "text", "bench message", "text of every message (a question from the knowledge base makes the bot answer each one)")
	fs.DurationVar(&c.waitRefine, "wait-refine", 2*time.Minute, "before connecting, wait up to this long for the server's background bot training to end (parley_bot_refining 0); 0 = do not wait")
	fs.BoolVar(&c.json, "json", false, "print all figures as one JSON object on the last line")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a --url that is not a loopback address (load testing someone's production by typo is easy)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (flags only; see parley bench -h)", fs.Arg(0))
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if t := strings.TrimSpace(text); t == "" || utf8.RuneCountInString(t) > 4000 {
		return nil, errors.New("--text must have 1 to 4000 characters (protocol limit)")
	}
	c.textJSON, _ = json.Marshal(text)
	if err := c.check(rawURL, given); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *config) check(rawURL string, given map[string]bool) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--url %q: want a base URL such as http://127.0.0.1:8080", rawURL)
	}
	switch u.Scheme {
	case "http", "ws":
		u.Scheme = "http"
	case "https", "wss":
		u.Scheme = "https"
	default:
		return fmt.Errorf("--url %q: scheme must be http or https", rawURL)
	}
	loopback := isLoopback(u.Hostname())
	c.loopback = loopback
	if !loopback && !c.allowRemote {
		return fmt.Errorf("--url %q is not a loopback address; pass --allow-remote to load-test another host", rawURL)
	}
	if c.sources > 1 && !loopback {
		return errors.New("--sources binds 127.0.0.x addresses, which only reach a loopback --url")
	}
	c.base = &url.URL{Scheme: u.Scheme, Host: u.Host, Path: strings.TrimSuffix(u.Path, "/")}
	ws := *c.base
	ws.Scheme = map[string]string{"http": "ws", "https": "wss"}[u.Scheme]
	ws.Path += "/ws/visitor"
	ws.RawQuery = url.Values{"site": {c.site}}.Encode()
	c.wsURL = ws.String()

	switch {
	case c.site == "":
		return errors.New("--site is empty: give a site key such as demo")
	case c.visitors < 1:
		return fmt.Errorf("--visitors %d: want at least 1", c.visitors)
	case c.rate < 0:
		return fmt.Errorf("--rate %g: want 0 (closed loop) or a positive rate", c.rate)
	case c.sources < 1 || c.sources > 254:
		return fmt.Errorf("--sources %d: want 1 to 254", c.sources)
	case c.warmup < 0:
		return fmt.Errorf("--warmup %s: want 0 or more", c.warmup)
	case c.verifySample < 0:
		return fmt.Errorf("--verify-sample %d: want 0 (all) or more", c.verifySample)
	case given["verify-sample"] && !c.verify:
		return errors.New("--verify-sample needs --verify")
	case c.waitRefine < 0:
		return fmt.Errorf("--wait-refine %s: want 0 (do not wait) or more", c.waitRefine)
	case c.settle < 0:
		return fmt.Errorf("--settle %s: want 0 or more", c.settle)
	case given["settle"] && !c.idle:
		return errors.New("--settle only applies with --idle")
	}
	if c.idle {
		for _, f := range []string{"rate", "duration", "warmup", "verify"} {
			if given[f] {
				return fmt.Errorf("--%s does not apply with --idle (idle visitors send nothing)", f)
			}
		}
	} else if c.duration <= 0 {
		return fmt.Errorf("--duration %s: want a positive duration", c.duration)
	}
	if need := c.visitors + 64; need > openFileLimit() {
		return fmt.Errorf("--visitors %d needs about %d open files but this process may open %d (raise ulimit -n)",
			c.visitors, need, openFileLimit())
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sourceIP is the i-th local address: 127.0.0.1, 127.0.0.2, …
func sourceIP(i int) net.IP { return net.IPv4(127, 0, 0, byte(1+i)) }
