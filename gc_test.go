package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 100},        // before the first collection: the default
		{1 << 20, 800},  // 1 MiB live: the target 8 MiB above it
		{4 << 20, 200},  // 4 MiB live: 8 MiB above is twice as much
		{8 << 20, 100},  // as much live as the floor: the default
		{64 << 20, 100}, // more: the default, never less
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

// currentGCPercent reads the GC percentage, which only setting it returns.
func currentGCPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// After each collection the percentage follows the live heap; GOGC or
// GOMEMLIMIT leave the runtime as the user set it.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(currentGCPercent())
	stop := tuneGC(func(string) string { return "" })
	keep := make([]*[1 << 10]byte, 1<<10) // 1 MiB live, at least
	for i := range keep {
		keep[i] = new([1 << 10]byte)
	}
	deadline := time.Now().Add(5 * time.Second)
	for currentGCPercent() == 100 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	got := currentGCPercent()
	runtime.KeepAlive(keep)
	stop()
	if got <= 100 || got > 800 {
		t.Fatalf("after collections with 1 MiB or more live, the GC percentage is %d, want between 101 and 800", got)
	}
	if p := currentGCPercent(); p != 100 {
		t.Errorf("after stop, the GC percentage is %d, want the default", p)
	}

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		debug.SetGCPercent(100)
		stop := tuneGC(func(name string) string {
			if name == env {
				return "400"
			}
			return ""
		})
		runtime.GC()
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
		if p := currentGCPercent(); p != 100 {
			t.Errorf("with %s set, the GC percentage is %d, want it left alone", env, p)
		}
		stop()
	}
}
