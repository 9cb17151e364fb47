package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// op documents one route's bodies (Route.shape). The sync test fails when
// a route has no shape, or a handler refuses a field the document
// promises or answers one it does not name.
type op struct {
	In     any      // request body (a zero value of the type readJSON decodes)
	Out    any      // response body; nil with Status 204
	Status int      // success status (default 200)
	Query  []string // query parameters
	Raw    string   // a non-JSON body's media type (CSV, zip)
}

// Response shapes of list and single-object answers.
type (
	articleOut struct {
		Article articleJSON `json:"article"`
	}
	articlesOut struct {
		Articles []articleJSON `json:"articles"`
	}
	conversationOut struct {
		Conversation conversationJSON `json:"conversation"`
	}
	intentOut struct {
		Intent intentJSON `json:"intent"`
	}
	agentOut struct {
		Agent agentJSON `json:"agent"`
	}
	teamOut struct {
		Team teamJSON `json:"team"`
	}
	slaOut struct {
		Policies []slaPolicyJSON `json:"policies"`
	}
	errorOut = errorBody
)

var siteQuery = []string{"site", "site_id"}

type importOut struct {
	Articles int `json:"articles"`
	Created  int `json:"created"`
	Updated  int `json:"updated"`
}

type replayOut struct {
	Questions int            `json:"questions"`
	Changed   []replayChange `json:"changed"`
	Unchanged int            `json:"unchanged"`
}

type auditOut struct {
	Entries    []auditJSON `json:"entries"`
	NextBefore int64       `json:"next_before,omitempty"`
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// OpenAPI returns the OpenAPI 3.1 document of every route.
func (s *Server) OpenAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range s.Routes() {
		o := rt.shape
		status := o.Status
		if status == 0 {
			status = http.StatusOK
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range o.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
		}
		resp := map[string]any{"description": http.StatusText(status)}
		switch {
		case o.Out != nil:
			resp["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(o.Out))}}
		case o.Raw != "" && rt.Method == http.MethodGet:
			resp["content"] = rawContent(o.Raw)
		}
		errRef := map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(errorOut{}))}}}
		operation := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"responses":   map[string]any{strconv.Itoa(status): resp, "default": merge(errRef, map[string]any{"description": "error: {\"error\": {\"code\", \"message\"}}"})},
			"x-parley-role": func() string {
				if rt.Role == "" {
					return "public"
				}
				return string(rt.Role)
			}(),
		}
		if rt.Role != "" {
			operation["security"] = []any{map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}}
		}
		if len(params) > 0 {
			operation["parameters"] = params
		}
		if o.In != nil {
			operation["requestBody"] = map[string]any{"required": true,
				"content": map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(o.In))}}}
		} else if o.Raw != "" && rt.Method != http.MethodGet {
			operation["requestBody"] = map[string]any{"required": true, "content": rawContent(o.Raw)}
		}
		path := rt.Pattern
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(rt.Method)] = operation
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Parley REST API", "version": "1",
			"description": "Agents', admins' and integrations' API. Errors are {\"error\": {\"code\", \"message\"}}. Cookie-authenticated writes need the X-Parley-CSRF header."},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "a session token from /auth/login, or an API token"},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": cookieName},
			},
		},
	}
	if s.cfg.PublicURL != "" { // the absolute address clients should call
		doc["servers"] = []any{map[string]any{"url": s.cfg.PublicURL}}
	}
	return doc
}

func rawContent(types string) map[string]any {
	out := map[string]any{}
	for t := range strings.SplitSeq(types, ", ") {
		out[t] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
	}
	return out
}

func merge(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func operationID(rt Route) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(rt.Pattern)
	return strings.ToLower(rt.Method) + "_" + p
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.OpenAPI())
}

// schemaGen turns Go types into JSON Schemas by their json tags; named
// structs become components.
type schemaGen struct{ defs map[string]any }

var (
	timeType = reflect.TypeOf(time.Time{})
	rawType  = reflect.TypeOf(json.RawMessage{})
)

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := g.schema(t.Elem())
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name := t.Name()
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = map[string]any{} // recursion guard
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for f := range fields(t) {
		props[f.name] = g.schema(f.typ)
		if !f.omitempty {
			required = append(required, f.name)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

type field struct {
	name      string
	typ       reflect.Type
	omitempty bool
}

// fields yields a struct's JSON fields, embedded structs' included.
func fields(t reflect.Type) func(func(field) bool) {
	return func(yield func(field) bool) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || (!f.IsExported() && !f.Anonymous) {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				for sub := range fields(f.Type) {
					if !yield(sub) {
						return
					}
				}
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !yield(field{name, f.Type, strings.Contains(opts, "omitempty")}) {
				return
			}
		}
	}
}
