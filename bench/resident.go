package bench

import (
	"io"
	"runtime/metrics"
	"runtime/pprof"
)

// Resident is the process's memory at one point of a run, read after a
// full collection that returns the freed heap to the OS. Without it the
// figure depends on where the collector happened to be in its cycle (at
// GOGC=100 the garbage may grow to the size of the live heap before the
// next one) and on whatever phase ran before: the serving figure of the
// seventh session was read after three full exports and a terms run, so it
// could not be compared with the builds that had neither.
type Resident struct {
	// RSSBytes is VmRSS after the collection. AnonBytes (RssAnon: the Go
	// heap, stacks, the runtime) and FileBytes (RssFile + RssShmem: the
	// pages of the mapped index segments and article store that were
	// touched) split it.
	RSSBytes  int64 `json:"rss_bytes"`
	AnonBytes int64 `json:"anon_bytes"`
	FileBytes int64 `json:"file_bytes"`
	// RSSBeforeGCBytes is VmRSS just before the collection, at the same
	// point: comparable with the serving RSS of runs before this field.
	RSSBeforeGCBytes int64 `json:"rss_before_gc_bytes"`
	// HeapLiveBytes is the heap the collection found live
	// (/gc/heap/live:bytes), BenchHeapBytes the part of it that is the
	// bench's and not the server's: the corpus it read, measured the same
	// way before the engine opened.
	HeapLiveBytes  int64 `json:"heap_live_bytes"`
	BenchHeapBytes int64 `json:"bench_heap_bytes"`
}

// heapLive collects, returns the freed heap to the OS and reports the live
// heap the collection found.
func heapLive() int64 {
	freeMemory()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// readResident collects and reads the process's memory (see Resident);
// bench is the live heap that is the bench's own. When profile is set, it
// receives a heap profile taken at that point, after the collection.
func readResident(bench int64, profile io.Writer) (Resident, error) {
	r := Resident{RSSBeforeGCBytes: RSS(), BenchHeapBytes: bench}
	r.HeapLiveBytes = heapLive()
	r.RSSBytes = RSS()
	r.AnonBytes = procStatus("RssAnon")
	r.FileBytes = procStatus("RssFile") + procStatus("RssShmem")
	if profile != nil {
		// The heap profile reports as of the last collection: the one
		// just made.
		if err := pprof.Lookup("heap").WriteTo(profile, 0); err != nil {
			return r, err
		}
	}
	return r, nil
}
