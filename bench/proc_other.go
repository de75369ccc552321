//go:build !linux

package main

// Without /proc there is no portable way to find the provider processes the
// CLI starts, let alone their peak memory: nothing is sampled, and the report
// says so.

func loadAverage() string { return "unknown" }

type memSampler struct{}

func newMemSampler(int, string) *memSampler { return &memSampler{} }

func (*memSampler) run(stop <-chan struct{}) memStats {
	<-stop
	return memStats{}
}
