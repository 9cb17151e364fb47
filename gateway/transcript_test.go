package gateway

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// TestTranscripts replays testdata/transcripts/*.txt over real sockets.
// Lines: "> JSON" sends a frame, "< JSON" expects the next frame to contain
// every given field ("$name" captures a value on first use and must match it
// afterwards; "*" matches any value), ">raw TEXT" / ">bin TEXT" send raw
// text or binary frames, "connect SITE [ORIGIN]" opens a new connection,
// "close CODE" expects the server to close with CODE, "#" comments.
func TestTranscripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/transcripts/*.txt")
	if len(files) == 0 {
		t.Fatal("no transcripts")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			ts := newTestServer(t, nil)
			runTranscript(t, ts, file)
		})
	}
}

var varRef = regexp.MustCompile(`"\$([a-z_0-9]+)"`)

func runTranscript(t *testing.T, ts *testServer, file string) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vars := map[string]any{}
	subst := func(s string) string {
		return varRef.ReplaceAllStringFunc(s, func(m string) string {
			if v, ok := vars[m[2:len(m)-1]]; ok {
				b, _ := json.Marshal(v)
				return string(b)
			}
			return m
		})
	}
	var c *client
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		where := fmt.Sprintf("%s:%d", filepath.Base(file), n)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "connect "):
			args := strings.Fields(line)[1:]
			hdr := http.Header{}
			if len(args) > 1 {
				hdr.Set("Origin", args[1])
			}
			c = ts.dial(t, args[0], hdr)
		case strings.HasPrefix(line, ">raw "):
			c.sendRaw(line[5:])
		case strings.HasPrefix(line, ">bin "):
			if err := c.ws.WriteMessage(websocket.BinaryMessage, []byte(line[5:])); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
		case strings.HasPrefix(line, "> "):
			c.sendRaw(subst(line[2:]))
		case strings.HasPrefix(line, "< "):
			var want map[string]any
			if err := json.Unmarshal([]byte(line[2:]), &want); err != nil {
				t.Fatalf("%s: bad expectation: %v", where, err)
			}
			got := c.next()
			if err := match(want, got, vars, ""); err != nil {
				t.Fatalf("%s: %v\n got: %v", where, err, got)
			}
		case strings.HasPrefix(line, "close "):
			want, _ := strconv.Atoi(strings.TrimSpace(line[6:]))
			if got := c.closeCode(); got != want {
				t.Fatalf("%s: close code %d, want %d", where, got, want)
			}
		default:
			t.Fatalf("%s: unknown directive %q", where, line)
		}
	}
}

func match(want, got map[string]any, vars map[string]any, path string) error {
	for k, w := range want {
		g, ok := got[k]
		p := path + k
		if !ok {
			return fmt.Errorf("field %s missing", p)
		}
		switch wv := w.(type) {
		case string:
			if wv == "*" {
				continue
			}
			if strings.HasPrefix(wv, "$") {
				name := wv[1:]
				if prev, seen := vars[name]; seen {
					if fmt.Sprint(prev) != fmt.Sprint(g) {
						return fmt.Errorf("field %s = %v, want $%s = %v", p, g, name, prev)
					}
				} else {
					vars[name] = g
				}
				continue
			}
			if strings.HasPrefix(wv, "~") { // substring
				if gs, _ := g.(string); !strings.Contains(gs, wv[1:]) {
					return fmt.Errorf("field %s = %v, want it to contain %q", p, g, wv[1:])
				}
				continue
			}
		case map[string]any:
			gm, ok := g.(map[string]any)
			if !ok {
				return fmt.Errorf("field %s is not an object", p)
			}
			if err := match(wv, gm, vars, p+"."); err != nil {
				return err
			}
			continue
		}
		if fmt.Sprint(w) != fmt.Sprint(g) {
			return fmt.Errorf("field %s = %v, want %v", p, g, w)
		}
	}
	return nil
}
