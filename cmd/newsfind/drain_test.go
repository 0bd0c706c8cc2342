package main

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeDrainOnSigterm fires 50 searches, each on a new connection,
// and sends SIGTERM a few milliseconds later: every search sent before
// the signal must be answered (none reset in the accept queue), /readyz
// must say "shutting down" meanwhile, and the server must exit cleanly.
// With --drain 0 (Shutdown at once, as before) the test only logs how
// many were reset, for comparison: that depends on timing.
func TestServeDrainOnSigterm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	for _, arm := range []struct {
		name  string
		extra []string
	}{{"default drain", nil}, {"no drain", []string{"--drain", "0s"}}} {
		t.Run(arm.name, func(t *testing.T) {
			s := startServer(t, t.TempDir(), "drain-token", arm.extra...)
			t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
			before, resets, failed, readyz, took := sigtermUnderBurst(t, s, 50)
			t.Logf("%s: %d of 50 searches sent before SIGTERM; %d reset or closed unanswered, %d other failures among them; /readyz during the drain: %s; exit %v after the signal",
				arm.name, before, resets, failed, readyz, took)
			if arm.extra != nil {
				return
			}
			if before == 0 {
				t.Fatal("no search was sent before the signal")
			}
			if resets != 0 || failed != 0 {
				t.Errorf("%d resets and %d other failures among the %d searches sent before SIGTERM", resets, failed, before)
			}
			if !strings.HasPrefix(readyz, "503") || !strings.Contains(readyz, "shutting down") {
				t.Errorf("/readyz during the drain: %s, want 503 shutting down", readyz)
			}
		})
	}
}

// sigtermUnderBurst sends n searches at once, SIGTERM 3 ms later, and
// reports on the searches begun before the signal: resets counts those
// whose connection was reset or closed unanswered.
func sigtermUnderBurst(t *testing.T, s *server, n int) (before, resets, failed int, readyz string, took time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	type result struct {
		sent time.Time
		err  error
		code int
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			results[i].sent = time.Now()
			resp, err := client.Get(s.url + "/api/search?q=tariffs")
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				results[i].code = resp.StatusCode
			}
			results[i].err = err
		})
	}
	close(start)
	time.Sleep(3 * time.Millisecond)
	signalled := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	time.Sleep(100 * time.Millisecond)
	if resp, err := client.Get(s.url + "/readyz"); err != nil {
		readyz = err.Error()
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		readyz = resp.Status + " " + strings.Join(strings.Fields(string(b)), " ")
	}
	wg.Wait()
	select {
	case err := <-exited:
		took = time.Since(signalled)
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30 s after SIGTERM")
	}
	for _, r := range results {
		if !r.sent.Before(signalled) {
			continue
		}
		before++
		switch {
		case errors.Is(r.err, syscall.ECONNRESET) || errors.Is(r.err, io.EOF):
			// A connection the kernel had queued and the listener's close
			// reset: the client sees a reset, or EOF when it is read first.
			resets++
		case r.err != nil || r.code != http.StatusOK:
			failed++
			t.Logf("search sent %v before the signal: %v %d", signalled.Sub(r.sent), r.err, r.code)
		}
	}
	return
}
