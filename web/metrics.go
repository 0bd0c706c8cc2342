package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/newsfind/newsfind"
)

// Metric is a value the server reports on /metrics, read when scraped:
// the parts behind the server (engine, re-indexer) keep their own counts,
// and the server only reads them.
type Metric struct {
	Name, Help string
	Labels     map[string]string // constant labels telling series of one name apart
	Counter    bool              // a count that only grows; else a gauge
	Value      func() float64
}

// metrics are the server's Prometheus metrics, on a registry of its own
// (no global default registry).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	searches *prometheus.CounterVec
}

func newMetrics(extra []Metric) (*metrics, error) {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsfind_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newsfind_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsfind_searches_total", Help: "Searches (API, pages and CLI through the server) by result: ok, or the error code.",
		}, []string{"result"}),
	}
	cs := []prometheus.Collector{
		m.requests, m.latency, m.searches,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	for _, x := range extra {
		if x.Counter {
			cs = append(cs, prometheus.NewCounterFunc(prometheus.CounterOpts{Name: x.Name, Help: x.Help, ConstLabels: x.Labels}, x.Value))
		} else {
			cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: x.Name, Help: x.Help, ConstLabels: x.Labels}, x.Value))
		}
	}
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// instrument counts and times requests by route template, so that
// /articles/{id} is one series rather than one per article.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		// Deferred, so that a panicking handler is counted as the 500 the
		// recovery middleware above will answer.
		defer func() {
			v := recover()
			status := sw.status
			if v != nil {
				status = http.StatusInternalServerError
			}
			route := "unmatched"
			if cur := mux.CurrentRoute(r); cur != nil {
				if t, err := cur.GetPathTemplate(); err == nil {
					route = t
				}
			}
			m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
			m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
			if v != nil {
				panic(v)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// searched counts one search by its result.
func (m *metrics) searched(err error) {
	result := "ok"
	if err != nil {
		result = newsfind.ErrorCode(err)
	}
	m.searches.WithLabelValues(result).Inc()
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
