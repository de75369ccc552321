package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

type measurement struct {
	start    time.Time
	wall     time.Duration
	exitCode int
	mem      memStats
	cpu      time.Duration
	// harnessCPU is what this process used meanwhile: the mock and the sampler.
	harnessCPU time.Duration
	log        string
}

// cliRun runs the CLI in dir, its output in dir/<name>.log, sampling the memory
// of the provider processes it starts; env is added to the CLI's environment.
func (b *bench) cliRun(dir, name string, env []string, args ...string) (measurement, error) {
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return measurement{}, err
	}
	defer logFile.Close()
	fmt.Fprintf(logFile, "$ %s %s\n", filepath.Base(b.cli), strings.Join(args, " "))
	cmd := exec.Command(b.cli, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, append(append([]string{}, b.env...), env...), logFile, logFile

	m := measurement{log: logPath}
	before := selfCPU()
	m.start = time.Now()
	if err := cmd.Start(); err != nil {
		return m, err
	}
	sampler := newMemSampler(cmd.Process.Pid, b.provider)
	stop := make(chan struct{})
	sampled := make(chan memStats)
	go func() { sampled <- sampler.run(stop) }()
	waitErr := cmd.Wait()
	m.wall = time.Since(m.start)
	close(stop)
	m.mem = <-sampled
	m.harnessCPU = selfCPU() - before
	if st := cmd.ProcessState; st != nil {
		m.cpu = st.UserTime() + st.SystemTime()
		m.exitCode = st.ExitCode()
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		return m, waitErr
	}
	return m, nil
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func tail(path string, n int) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ")
}

// memStats is what the sampler of proc_linux.go saw. Elsewhere nothing is
// sampled and measured is false, so that the report says "not measured"
// instead of showing zeros that look like readings.
type memStats struct {
	measured        bool
	providerPeakKiB int64         // max VmHWM over the provider processes
	providers       int           // provider processes seen
	providerCPU     time.Duration // user+system of the provider processes, as last sampled
	cliPeakKiB      int64         // VmHWM of the CLI itself
	samples         int
}

func mib(kib int64) float64 { return float64(kib) / 1024 }
