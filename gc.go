package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// gcHeadroom is how much the heap may grow between two collections, at
// least. The runtime's default (GOGC=100) lets it grow by as much as is live:
// a few MiB in this provider, whose requests each allocate hundreds of KiB
// that are garbage once they return, so that a plan of 500 clusters collected
// hundreds of times. With this floor the provider collects about half as
// often, for a peak memory a few MiB higher that does not grow with the
// number of clusters: unlike a higher GC percentage, a floor adds the same
// whatever is live. Where more than gcHeadroom is live, the default applies.
const gcHeadroom = 8 << 20

// tuneGC keeps the collector's target at least gcHeadroom above the live
// heap, by setting the GC percentage after each collection, unless GOGC or
// GOMEMLIMIT is set: then the user's settings apply. It returns what stops
// it and restores the default.
func tuneGC(getenv func(string) string) (stop func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var stopped atomic.Bool
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var after func()
	after = func() {
		if stopped.Load() {
			return
		}
		metrics.Read(live)
		debug.SetGCPercent(gcPercent(live[0].Value.Uint64()))
		// A finalizer runs after the collection that found its object
		// unreachable: a new one is the hook of the next collection.
		runtime.SetFinalizer(&gcCycle{}, func(*gcCycle) { after() })
	}
	after()
	return func() {
		stopped.Store(true)
		debug.SetGCPercent(100)
	}
}

// gcCycle holds a pointer so as not to come from the tiny allocator, whose
// objects may never be finalized.
type gcCycle struct{ _ *int }

// gcPercent is the GC percentage that puts the collector's target gcHeadroom
// above a live heap of live bytes, and never below the default of 100.
func gcPercent(live uint64) int {
	if live == 0 {
		return 100
	}
	return int(max(100, gcHeadroom*100/live))
}
