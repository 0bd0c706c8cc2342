package client_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/web"
)

func TestReindex(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	ctx := context.Background()
	st, started, err := s.client.StartReindex(ctx)
	if err != nil || !started {
		t.Fatalf("start: %v started=%v %+v", err, started, st)
	}
	deadline := time.Now().Add(30 * time.Second)
	for st.Running && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if st, err = s.client.ReindexStatus(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if st.Running || st.Error != "" || st.Total != 3 || st.Done != 3 || st.Finished.IsZero() {
		t.Errorf("after the rebuild: %+v", st)
	}
	// Through the domain interface.
	var rx newsfind.Reindexer = s.client.Reindexer()
	if got := rx.ReindexStatus(); got.Total != 3 || got.Error != "" {
		t.Errorf("Reindexer().ReindexStatus: %+v", got)
	}
}

func TestReindexNeedsToken(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	c := client.New(s.URL, client.Options{Token: "wrong"})
	_, started, err := c.StartReindex(context.Background())
	wantError(t, "wrong token", err, newsfind.EUNAUTHORIZED, "")
	if started {
		t.Error("started with a wrong token")
	}
	// The domain interface has no error: it is the status's.
	st, started := c.Reindexer().StartReindex()
	if started || st.Running || !strings.Contains(st.Error, "needs the token") {
		t.Errorf("Reindexer().StartReindex with a wrong token: %v %+v", started, st)
	}
}
