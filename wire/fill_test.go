package wire

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fill sets every exported field of the struct p points to a distinct
// non-zero value by kind, or the value given for its name, so that a
// field added later is covered by the test without anyone remembering
// to. A field of a kind it does not know stops the test: teach it one.
func fill(t *testing.T, p any, given map[string]any) {
	t.Helper()
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		f, fv := v.Type().Field(i), v.Field(i)
		if !f.IsExported() {
			continue
		}
		if val, ok := given[f.Name]; ok {
			fv.Set(reflect.ValueOf(val))
			continue
		}
		switch {
		case f.Type.Kind() == reflect.String:
			fv.SetString(fmt.Sprintf("%s-%d", f.Name, i))
		case f.Type.Kind() == reflect.Int:
			fv.SetInt(int64(i + 2))
		case f.Type.Kind() == reflect.Bool:
			fv.SetBool(true)
		case f.Type == reflect.TypeFor[[]string]():
			fv.Set(reflect.ValueOf([]string{fmt.Sprintf("%s-%d", f.Name, i), "second"}))
		case f.Type == reflect.TypeFor[time.Time]():
			fv.Set(reflect.ValueOf(time.Date(2025, 11, i+1, 0, 0, 0, 0, time.UTC)))
		default:
			t.Fatalf("%s.%s is a %s: give fill a value for it", v.Type(), f.Name, f.Type)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
