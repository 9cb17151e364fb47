package api

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestOpenAPIMatchesRoutes keeps the document and the handlers in step:
// every route has its shape, the served document is the generated one,
// request fields the document promises are accepted, and list answers
// carry exactly the documented fields.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t)
	routes := map[string]Route{}
	for _, rt := range f.api.Routes() {
		key := rt.Method + " " + rt.Pattern
		if _, dup := routes[key]; dup {
			t.Errorf("route %s is listed twice", key)
		}
		routes[key] = rt
		if err := shapeErr(rt.shape); err != nil {
			t.Errorf("route %s: %v", key, err)
		}
	}

	st, served := f.call(t, "GET", "/api/v1/openapi.json", "", nil)
	want, _ := json.Marshal(f.api.OpenAPI())
	var wantMap map[string]any
	json.Unmarshal(want, &wantMap)
	if st != 200 || served["openapi"] != "3.1.0" || !reflect.DeepEqual(served, wantMap) {
		t.Fatalf("GET /api/v1/openapi.json: %d; not the generated document", st)
	}
	paths := served["paths"].(map[string]any)
	schemas := served["components"].(map[string]any)["schemas"].(map[string]any)

	admin := f.login(t, "root@example.com")
	params := strings.NewReplacer("{id}", "x", "{key}", "x")
	for key, rt := range routes {
		o := rt.shape
		opDoc := paths[rt.Pattern].(map[string]any)[strings.ToLower(rt.Method)].(map[string]any)
		if o.In != nil {
			body := zeroBody(reflect.TypeOf(o.In))
			if _, out := f.call(t, rt.Method, params.Replace(rt.Pattern), admin, body); strings.Contains(str(out, "error", "message"), "unknown field") {
				t.Errorf("%s refuses a documented field: %v", key, out)
			}
			if opDoc["requestBody"] == nil {
				t.Errorf("%s: no requestBody in the document", key)
			}
		}
		if rt.Method != "GET" || strings.Contains(rt.Pattern, "{") || o.Out == nil || rt.Pattern == "/api/v1/openapi.json" {
			continue
		}
		path := rt.Pattern
		if slices.Contains(o.Query, "from") {
			now := time.Now().UTC()
			path += "?from=" + now.AddDate(0, 0, -30).Format(time.RFC3339) + "&to=" + now.Format(time.RFC3339)
		}
		st, out := f.call(t, "GET", path, admin, nil)
		if st != 200 {
			t.Errorf("GET %s: %d %v", rt.Pattern, st, out)
			continue
		}
		props := documented(opDoc, schemas)
		for k := range out {
			if !slices.Contains(props, k) {
				t.Errorf("GET %s answers field %q the document does not name (%v)", rt.Pattern, k, props)
			}
		}
	}
}

// shapeErr says what is missing from a route's shape: every route names
// its success answer (a body, a raw media type, or 204 No Content).
func shapeErr(o op) error {
	switch {
	case reflect.ValueOf(o).IsZero():
		return errors.New("no shape: give Route.shape its bodies (In, Out) or Status 204")
	case o.Status == http.StatusNoContent && o.Out != nil:
		return errors.New("answers 204 No Content but documents a body")
	case o.Out == nil && o.Raw == "" && o.Status != http.StatusNoContent:
		return fmt.Errorf("no answer documented for status %d: give Out or Raw, or Status 204", cmp.Or(o.Status, http.StatusOK))
	}
	return nil
}

func TestShapeErrRefusesIncompleteShapes(t *testing.T) {
	for name, tt := range map[string]struct {
		o  op
		ok bool
	}{
		"none":             {op{}, false},
		"query only":       {op{Query: []string{"q"}}, false},
		"request only":     {op{In: loginRequest{}}, false},
		"created, no body": {op{In: loginRequest{}, Status: http.StatusCreated}, false},
		"204 with a body":  {op{Status: http.StatusNoContent, Out: agentJSON{}}, false},
		"answer":           {op{Out: agentJSON{}}, true},
		"no content":       {op{Status: http.StatusNoContent}, true},
		"raw":              {op{Raw: "text/csv"}, true},
	} {
		if err := shapeErr(tt.o); (err == nil) != tt.ok {
			t.Errorf("%s: err %v, want ok=%v", name, err, tt.ok)
		}
	}
}

// zeroBody is a JSON object with every json field of t set to a zero value.
func zeroBody(t reflect.Type) map[string]any {
	out := map[string]any{}
	for f := range fields(t) {
		out[f.name] = reflect.Zero(f.typ).Interface()
		if f.typ.Kind() == reflect.Slice {
			out[f.name] = []any{}
		}
	}
	return out
}

// documented lists the top-level properties of an operation's 200 answer.
func documented(opDoc map[string]any, schemas map[string]any) []string {
	resp := opDoc["responses"].(map[string]any)["200"].(map[string]any)
	schema := resp["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	if ref, ok := schema["$ref"].(string); ok {
		schema = schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
	}
	props, _ := schema["properties"].(map[string]any)
	var names []string
	for k := range props {
		names = append(names, k)
	}
	return names
}
