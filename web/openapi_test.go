package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

type openapiDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]schema `json:"schemas"`
	} `json:"components"`
}

type schema struct {
	Ref        string            `json:"$ref"`
	Type       string            `json:"type"`
	Required   []string          `json:"required"`
	Properties map[string]schema `json:"properties"`
	Items      *schema           `json:"items"`
	Nullable   bool              `json:"nullable"`
	Enum       []any             `json:"enum"`
}

type operation struct {
	Example   string `json:"x-example-request"`
	Responses map[string]struct {
		Ref     string `json:"$ref"`
		Content map[string]struct {
			Schema schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func loadOpenAPI(t *testing.T) openapiDoc {
	t.Helper()
	b, err := os.ReadFile("api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var d openapiDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return d
}

// newFullServer is a server with every route on, the write routes included.
func newFullServer(t *testing.T) (*web.Server, *httptest.Server) {
	t.Helper()
	eng := enginetest.Open(t, enginetest.Seeds())
	srv, err := web.NewServer(fullOptions(eng))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

func TestOpenAPICoversEveryRoute(t *testing.T) {
	d := loadOpenAPI(t)
	srv, _ := newFullServer(t)
	for _, r := range srv.Routes() {
		path := r.Path
		if strings.HasSuffix(path, "/") && path != "/" {
			path += "{file}" // a prefix route, e.g. /static/
		}
		ops, ok := d.Paths[path]
		if !ok {
			t.Errorf("route %s is not in openapi.json", r.Path)
			continue
		}
		for _, m := range r.Methods {
			if m == http.MethodHead || m == http.MethodOptions {
				continue
			}
			if _, ok := ops[strings.ToLower(m)]; !ok {
				t.Errorf("%s %s is not in openapi.json", m, r.Path)
			}
		}
	}
}

func TestOpenAPIExamples(t *testing.T) {
	d := loadOpenAPI(t)
	_, ts := newFullServer(t)
	n := 0
	for path, ops := range d.Paths {
		for method, raw := range ops {
			var op operation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			if op.Example == "" {
				continue
			}
			n++
			resp, err := http.Get(ts.URL + op.Example)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			documented, ok := op.Responses[fmt.Sprint(resp.StatusCode)]
			if !ok || resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d (documented: %v)", op.Example, resp.StatusCode, ok)
				continue
			}
			c, ok := documented.Content["application/json"]
			if !ok {
				continue
			}
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Errorf("GET %s: not JSON: %v", op.Example, err)
				continue
			}
			if err := validate(d, c.Schema, v, "$"); err != nil {
				t.Errorf("GET %s: answer does not match its schema: %v", op.Example, err)
			}
		}
	}
	if n < 8 {
		t.Errorf("only %d examples found", n)
	}
}

// validate checks v against the subset of JSON Schema the document uses.
func validate(d openapiDoc, s schema, v any, at string) error {
	if s.Ref != "" {
		name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
		ref, ok := d.Components.Schemas[name]
		if !ok {
			return fmt.Errorf("%s: unknown $ref %s", at, s.Ref)
		}
		return validate(d, ref, v, at)
	}
	if v == nil {
		if s.Nullable || s.Type == "" {
			return nil
		}
		return fmt.Errorf("%s: null, want %s", at, s.Type)
	}
	switch s.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want object", at, v)
		}
		for _, k := range s.Required {
			if _, ok := m[k]; !ok {
				return fmt.Errorf("%s: missing %q", at, k)
			}
		}
		for k, ps := range s.Properties {
			if pv, ok := m[k]; ok {
				if err := validate(d, ps, pv, at+"."+k); err != nil {
					return err
				}
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want array", at, v)
		}
		for i, e := range a {
			if s.Items != nil {
				if err := validate(d, *s.Items, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: %T, want string", at, v)
		}
	case "integer", "number":
		f, ok := v.(float64)
		if !ok || s.Type == "integer" && f != float64(int64(f)) {
			return fmt.Errorf("%s: %v, want %s", at, v, s.Type)
		}
	}
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e == v {
				return nil
			}
		}
		return fmt.Errorf("%s: %v is not one of %v", at, v, s.Enum)
	}
	return nil
}
