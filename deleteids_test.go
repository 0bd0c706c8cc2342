package newsfind_test

import (
	"slices"
	"testing"

	"github.com/newsfind/newsfind"
)

func TestDeleteIDs(t *testing.T) {
	got, err := newsfind.DeleteIDs([]string{"b", "a", "b"})
	if err != nil || !slices.Equal(got, []string{"b", "a"}) {
		t.Fatalf("repeats: got %v, %v; want [b a]", got, err)
	}
	tooMany := make([]string, newsfind.MaxDeleteIDs+1)
	for i := range tooMany {
		tooMany[i] = "a"
	}
	for name, ids := range map[string][]string{
		"none": nil, "not an id": {"a b/../c"}, "too many": tooMany,
	} {
		if _, err := newsfind.DeleteIDs(ids); err == nil {
			t.Errorf("%s: accepted", name)
		} else if c := newsfind.ErrorCode(err); c != newsfind.EINVALID && c != newsfind.ETOOLARGE {
			t.Errorf("%s: code %s, want invalid or too large", name, c)
		}
	}
}
