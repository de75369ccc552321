//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// sampleEvery bounds how much of a provider's last moments a peak can miss.
const sampleEvery = 20 * time.Millisecond

// loadAverage is the 1, 5 and 15 minute load: timings on a busy machine are
// not comparable with those on an idle one.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// memSampler follows the descendants of the CLI process through
// /proc/<pid>/task/<tid>/children and reads the VmHWM (peak resident set) of
// those that are the provider, known by /proc/<pid>/exe or, when that cannot
// be read, by /proc/<pid>/comm (truncated by the kernel to 15 bytes). VmHWM
// never decreases, so the last sample of a process is its peak up to ~20 ms
// before it exited; likewise its CPU time, which misses at most the last
// ~20 ms of each process.
type memSampler struct {
	root     int
	provider string
	isProv   map[int]bool // the provider processes seen so far
	peak     map[int]int64
	cpu      map[int]time.Duration
	cliPeak  int64
	samples  int
}

func newMemSampler(pid int, provider string) *memSampler {
	return &memSampler{root: pid, provider: provider, isProv: map[int]bool{}, peak: map[int]int64{}, cpu: map[int]time.Duration{}}
}

func (s *memSampler) run(stop <-chan struct{}) memStats {
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for {
		s.sample()
		select {
		case <-stop:
			out := memStats{measured: true}
			for _, kib := range s.peak {
				out.providerPeakKiB = max(out.providerPeakKiB, kib)
			}
			for _, c := range s.cpu {
				out.providerCPU += c
			}
			out.providers, out.cliPeakKiB, out.samples = len(s.peak), s.cliPeak, s.samples
			return out
		case <-t.C:
		}
	}
}

func (s *memSampler) sample() {
	s.samples++
	if kib, ok := vmHWM(s.root); ok {
		s.cliPeak = max(s.cliPeak, kib)
	}
	for _, pid := range descendants(s.root) {
		// Only a positive answer is kept: between its fork and its exec,
		// a provider process still runs the CLI's binary.
		if !s.isProv[pid] {
			if !s.identify(pid) {
				continue
			}
			s.isProv[pid] = true
		}
		if kib, ok := vmHWM(pid); ok {
			s.peak[pid] = max(s.peak[pid], kib)
		}
		if c, ok := cpuTime(pid); ok {
			s.cpu[pid] = max(s.cpu[pid], c)
		}
	}
}

func (s *memSampler) identify(pid int) bool {
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil {
		exe = strings.TrimSuffix(exe, " (deleted)")
		return exe == s.provider || filepath.Base(exe) == providerName
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return false
	}
	c := strings.TrimSpace(string(comm))
	return c != "" && strings.HasPrefix(providerName, c) && len(c) >= 8
}

func descendants(pid int) []int {
	var out []int
	seen := map[int]bool{pid: true}
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", p))
		for _, f := range tasks {
			raw, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, field := range strings.Fields(string(raw)) {
				c, err := strconv.Atoi(field)
				if err != nil || seen[c] {
					continue
				}
				seen[c] = true
				out = append(out, c)
				queue = append(queue, c)
			}
		}
	}
	return out
}

func vmHWM(pid int) (int64, bool) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest) // "123456 kB"
		if len(fields) == 0 {
			return 0, false
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		return kib, err == nil
	}
	return 0, false
}

// cpuTime reads utime+stime from /proc/<pid>/stat, in clock ticks of 10 ms
// (USER_HZ is 100 on Linux).
func cpuTime(pid int) (time.Duration, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: count fields after it.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 { // state is field 3 of the line, utime 14, stime 15
		return 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, true
}
