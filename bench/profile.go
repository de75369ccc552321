package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// profileEnv is the variable that makes the provider write its profiles (see
// main.go at the module's root).
const profileEnv = "OVH_PROVIDER_PROFILE_DIR"

// profileViews are the reports written beside the profiles of a scenario,
// from all its provider processes merged; shown is how many of their entries
// the report prints (0: none, the file only).
var profileViews = []struct {
	file, kind string
	args       []string
	shown      int
}{
	{"cpu-top.txt", "cpu", []string{"-top", "-nodecount=40"}, 15},
	{"cpu-cum.txt", "cpu", []string{"-top", "-cum", "-nodecount=60"}, 0},
	{"alloc-top.txt", "heap", []string{"-sample_index=alloc_space", "-top", "-nodecount=40"}, 10},
	{"inuse-top.txt", "heap", []string{"-sample_index=inuse_space", "-top", "-nodecount=40"}, 0},
}

// summariseProfiles writes the views of the profiles in dir and returns the
// part of them the report shows, with the memory peaks of each process.
func (b *bench) summariseProfiles(dir string) (string, error) {
	var out strings.Builder
	peaks, err := filepath.Glob(filepath.Join(dir, "memory-*.txt"))
	if err != nil {
		return "", err
	}
	for _, path := range peaks {
		raw, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&out, "%s:\n", filepath.Base(path))
		for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
			fmt.Fprintf(&out, "  %s\n", line)
		}
	}
	for _, v := range profileViews {
		files, err := filepath.Glob(filepath.Join(dir, v.kind+"-*.pprof"))
		if err != nil {
			return "", err
		}
		if len(files) == 0 {
			fmt.Fprintf(&out, "no %s profile in %s: did the provider processes exit cleanly?\n", v.kind, dir)
			continue
		}
		args := append(append([]string{"tool", "pprof"}, v.args...), files...)
		cmd := exec.Command("go", args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		text, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("go tool pprof: %w\n%s", err, stderr.String())
		}
		path := filepath.Join(dir, v.file)
		if err := os.WriteFile(path, text, 0o644); err != nil {
			return "", err
		}
		if v.shown == 0 {
			fmt.Fprintf(&out, "%s (%d processes): %s\n", v.file, len(files), path)
			continue
		}
		fmt.Fprintf(&out, "%s (%d processes, %s):\n", v.file, len(files), path)
		for _, line := range topEntries(string(text), v.shown) {
			fmt.Fprintf(&out, "  %s\n", line)
		}
	}
	return out.String(), nil
}

// topEntries keeps the summary line and the column headers of a pprof -top
// report and its first n entries.
func topEntries(report string, n int) []string {
	var lines []string
	entries := -1
	for _, line := range strings.Split(strings.TrimRight(report, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "Showing nodes"):
			lines = append(lines, line)
		case strings.Contains(line, "flat%") && strings.Contains(line, "cum%"):
			lines = append(lines, line)
			entries = 0
		case entries >= 0 && entries < n:
			lines = append(lines, line)
			entries++
		}
	}
	return lines
}
