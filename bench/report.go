package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

func (r *result) print() {
	w := os.Stdout
	fmt.Fprintf(w, "wall:        %s\n", r.wall.Round(time.Millisecond))
	if r.floor > 0 {
		fmt.Fprintf(w, "floor:       %s = %s\n", r.floor.Round(time.Millisecond), r.floorFormula)
		fmt.Fprintf(w, "wall/floor:  %.2f\n", r.ratio())
	} else {
		fmt.Fprintf(w, "floor:       n/a (the mock adds no delay to reads)\n")
		fmt.Fprintf(w, "wall/floor:  n/a\n")
	}
	if len(r.requests) > 0 {
		change := ""
		if r.firstChange > 0 {
			change = fmt.Sprintf(", first change (%s) at %s", firstChangeName(r.s.kind), r.firstChange.Round(time.Millisecond))
		}
		fmt.Fprintf(w, "phases:      from the start of the command: first API call at %s%s, last API call at %s, exit at %s\n",
			r.firstCall.Round(time.Millisecond), change, r.lastCall.Round(time.Millisecond), r.wall.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "requests:    %d in all\n", len(r.requests))
	keys := make([]string, 0, len(r.counts))
	for k := range r.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %s: %d\n", k, r.counts[k])
	}
	if r.s.kind == kindPlan {
		fmt.Fprintf(w, "per %s: %.2f GETs, %.2f API calls besides /auth/time, %d mutating calls in all\n", r.s.noun(),
			float64(r.counts["GET "+r.s.getRoute()])/float64(r.s.n), float64(r.apiCalls())/float64(r.s.n), r.mutating())
	}
	if r.lag.n > 0 || r.lag.unobserved > 0 {
		what := "READY"
		if r.s.kind == kindDestroy {
			what = "gone (404)"
		}
		fmt.Fprintf(w, "polling:     %.1f GETs per %s; the provider saw a %s %s %s after it was (mean; max %s), "+
			"then needed %s more on it (mean)",
			r.lag.polls, r.s.noun(), r.s.noun(), what, r.lag.mean.Round(time.Millisecond), r.lag.max.Round(time.Millisecond), r.lag.afterSeen.Round(time.Millisecond))
		if r.lag.unobserved > 0 {
			fmt.Fprintf(w, "; %s never seen so", plural(r.lag.unobserved, r.s.noun()))
		}
		fmt.Fprintln(w)
	}
	providerCPU := "not measured"
	if r.mem.measured {
		fmt.Fprintf(w, "memory:      provider peak %.1f MiB (max VmHWM of %d provider processes, %d samples); CLI peak %.1f MiB\n",
			mib(r.mem.providerPeakKiB), r.mem.providers, r.mem.samples, mib(r.mem.cliPeakKiB))
		providerCPU = r.mem.providerCPU.Round(10 * time.Millisecond).String()
	} else {
		fmt.Fprintf(w, "memory:      not measured (read from /proc, on Linux only)\n")
	}
	fmt.Fprintf(w, "cpu:         %s in all for the CLI and its provider processes, of which %s in the provider; %s in the mock and sampler (this process)\n",
		r.cpu.Round(10*time.Millisecond), providerCPU, r.harnessCPU.Round(10*time.Millisecond))
	for _, p := range r.problems {
		fmt.Fprintf(w, "PROBLEM:     %s\n", p)
	}
	for _, t := range r.targets {
		fmt.Fprintf(w, "target:      %s: %s (%s)\n", t.name, t.word(), t.note)
	}
	if r.profile != "" {
		fmt.Fprintf(w, "profiles:\n")
		for _, line := range strings.Split(strings.TrimRight(r.profile, "\n"), "\n") {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
}

func firstChangeName(k kind) string {
	if k == kindDestroy {
		return "DELETE"
	}
	return "POST"
}

func (t target) word() string {
	switch {
	case t.unmeasured:
		return "not measured"
	case t.met:
		return "met"
	}
	return "NOT MET"
}

func printSummary(results []*result) {
	if len(results) == 0 {
		return
	}
	fmt.Println("\n== summary")
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\twall\tfloor\tratio\tAPI calls\tGET/object\tprovider CPU\tprovider MiB\tCLI MiB\ttargets")
	for _, r := range results {
		floor, ratio := "n/a", "n/a"
		if r.floor > 0 {
			floor = r.floor.Round(time.Millisecond).String()
			ratio = fmt.Sprintf("%.2f", r.ratio())
		}
		var ts []string
		for _, t := range r.targets {
			ts = append(ts, fmt.Sprintf("%s: %s", t.name, t.word()))
		}
		if len(r.problems) > 0 {
			ts = append(ts, fmt.Sprintf("%d PROBLEMS", len(r.problems)))
		}
		if len(ts) == 0 {
			ts = append(ts, "-")
		}
		providerCPU, providerMiB, cliMiB := "n/a", "n/a", "n/a"
		if r.mem.measured {
			providerCPU = r.mem.providerCPU.Round(10 * time.Millisecond).String()
			providerMiB, cliMiB = fmt.Sprintf("%.1f", mib(r.mem.providerPeakKiB)), fmt.Sprintf("%.1f", mib(r.mem.cliPeakKiB))
		}
		fmt.Fprintf(tw, "%s) %s\t%s\t%s\t%s\t%d\t%.2f\t%s\t%s\t%s\t%s\n",
			r.s.key, r.s.title(), r.wall.Round(time.Millisecond), floor, ratio, len(r.requests),
			float64(r.counts["GET "+r.s.getRoute()])/float64(r.s.n), providerCPU, providerMiB, cliMiB,
			strings.Join(ts, "; "))
	}
	_ = tw.Flush()
	printPeakGrowth(results)
}

// printPeakGrowth compares the provider's peak memory of the refresh-only
// plans of 500 and 100 clusters, when both ran.
func printPeakGrowth(results []*result) {
	peaks := map[int]int64{}
	for _, r := range results {
		if r.s.kind == kindPlan && r.s.refreshOnly && !r.s.pools && r.mem.measured && len(r.problems) == 0 {
			peaks[r.s.n] = r.mem.providerPeakKiB
		}
	}
	if peaks[100] == 0 || peaks[500] == 0 {
		return
	}
	ratio := float64(peaks[500]) / float64(peaks[100])
	word := "met"
	if ratio > peakGrowth {
		word = "NOT MET"
	}
	fmt.Printf("\nprovider peak at 500 clusters <= %.1f x at 100: %s (%.1f MiB / %.1f MiB = %.2fx)\n",
		peakGrowth, word, mib(peaks[500]), mib(peaks[100]), ratio)
}
