package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
)

// Cluster is a node of a cluster fed from a replicated log (cluster/):
// GET /api/cluster reports it, and every read route takes min_seq=N to
// wait, bounded, until the node has applied the log's entry N (the seq of
// a write's answer), so a client reads its writes from any node.
type Cluster interface {
	ClusterStatus() any
	WaitApplied(ctx context.Context, seq uint64) error
}

// maxMinSeqWait bounds a read's wait for min_seq: a node further behind
// than this is better skipped (503, Retry-After) than waited for.
const maxMinSeqWait = 5 * time.Second

func (s *Server) registerClusterRoutes(read *mux.Router, c Cluster) {
	if c == nil {
		return
	}
	read.Handle("/api/cluster", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return writeJSON(w, http.StatusOK, c.ClusterStatus())
	})).Methods(http.MethodGet, http.MethodHead)
	s.router.Use(func(next http.Handler) http.Handler {
		return s.waitMinSeq(c, next)
	})
}

// waitMinSeq waits for min_seq on a read, then hands the request on
// without it, so the routes' own parameter checks need not know it.
func (s *Server) waitMinSeq(c Cluster, next http.Handler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead || !strings.Contains(r.URL.RawQuery, "min_seq") {
			next.ServeHTTP(w, r)
			return nil
		}
		q := r.URL.Query()
		v, ok := q["min_seq"]
		if !ok {
			next.ServeHTTP(w, r)
			return nil
		}
		if len(v) != 1 {
			return newsfind.Errorf(newsfind.EINVALID, "min_seq: give it once")
		}
		seq, err := strconv.ParseUint(strings.TrimSpace(v[0]), 10, 64)
		if err != nil {
			return newsfind.Errorf(newsfind.EINVALID, "min_seq: %q is not a log sequence number", newsfind.Echo(v[0]))
		}
		ctx, cancel := context.WithTimeout(r.Context(), maxMinSeqWait)
		err = c.WaitApplied(ctx, seq)
		cancel()
		if err != nil {
			return err
		}
		q.Del("min_seq")
		r2 := r.Clone(r.Context())
		r2.URL.RawQuery = q.Encode()
		next.ServeHTTP(w, r2)
		return nil
	})
}
