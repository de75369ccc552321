package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// profileEnv names a directory where the provider writes, one set per
// process: a CPU profile of its whole life (cpu-PID.pprof); at its end, a
// heap and a goroutine profile (heap-PID.pprof, goroutine-PID.pprof); and the
// peaks of its memory (memory-PID.txt). `make bench BENCHFLAGS='-profile DIR'`
// sets it.
const profileEnv = "OVH_PROVIDER_PROFILE_DIR"

// startProfiles starts the CPU profile and the memory sampler into dir, when
// dir is set, and returns what stops them and writes the other profiles.
func startProfiles(dir string) (func(), error) {
	if dir == "" {
		return func() {}, nil
	}
	name := func(kind, ext string) string {
		return filepath.Join(dir, fmt.Sprintf("%s-%d.%s", kind, os.Getpid(), ext))
	}
	cpu, err := os.Create(name("cpu", "pprof"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", profileEnv, err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, fmt.Errorf("%s: %w", profileEnv, err)
	}
	stop, sampled := make(chan struct{}), make(chan memoryPeaks)
	go func() { sampled <- sampleMemory(stop) }()
	return func() {
		pprof.StopCPUProfile()
		cpu.Close()
		close(stop)
		peaks := <-sampled
		if err := os.WriteFile(name("memory", "txt"), []byte(peaks.String()), 0o644); err != nil {
			log.Printf("%s: %v", profileEnv, err)
		}
		// What is still in use after a collection, and the goroutines
		// still running, are what the process keeps after its requests;
		// the heap profile also holds every allocation of its life.
		runtime.GC()
		for _, kind := range []string{"heap", "goroutine"} {
			if err := writeProfile(kind, name(kind, "pprof")); err != nil {
				log.Printf("%s: %v", profileEnv, err)
			}
		}
	}, nil
}

func writeProfile(kind, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(kind).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// memoryMetrics are read every sampleEvery; their peaks say whether the
// resident memory comes from what the process keeps (the live heap) or from
// the garbage it makes between two collections.
var memoryMetrics = []struct{ name, what string }{
	{"/gc/heap/live:bytes", "live heap (marked by the last collection)"},
	{"/memory/classes/heap/objects:bytes", "heap objects (live and not yet collected)"},
	{"/gc/heap/goal:bytes", "heap goal of the collector"},
	{"/memory/classes/total:bytes", "memory mapped by the Go runtime"},
}

const sampleEvery = 10 * time.Millisecond

type memoryPeaks struct {
	peaks      []uint64
	cycles     uint64
	allocBytes uint64
	allocs     uint64
}

func sampleMemory(stop <-chan struct{}) memoryPeaks {
	samples := make([]metrics.Sample, len(memoryMetrics), len(memoryMetrics)+3)
	for i, m := range memoryMetrics {
		samples[i].Name = m.name
	}
	samples = append(samples, metrics.Sample{Name: "/gc/cycles/total:gc-cycles"},
		metrics.Sample{Name: "/gc/heap/allocs:bytes"}, metrics.Sample{Name: "/gc/heap/allocs:objects"})
	p := memoryPeaks{peaks: make([]uint64, len(memoryMetrics))}
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for {
		metrics.Read(samples)
		for i := range memoryMetrics {
			if samples[i].Value.Kind() == metrics.KindUint64 {
				p.peaks[i] = max(p.peaks[i], samples[i].Value.Uint64())
			}
		}
		select {
		case <-stop:
			n := len(memoryMetrics)
			p.cycles, p.allocBytes, p.allocs = samples[n].Value.Uint64(), samples[n+1].Value.Uint64(), samples[n+2].Value.Uint64()
			return p
		case <-t.C:
		}
	}
}

func (p memoryPeaks) String() string {
	mib := func(b uint64) float64 { return float64(b) / (1 << 20) }
	out := ""
	for i, m := range memoryMetrics {
		out += fmt.Sprintf("peak %s: %.1f MiB\n", m.what, mib(p.peaks[i]))
	}
	return out + fmt.Sprintf("collections: %d; allocated: %.1f MiB in %d objects\n", p.cycles, mib(p.allocBytes), p.allocs)
}
