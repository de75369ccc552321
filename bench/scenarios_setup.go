package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// setup is what a plan or destroy scenario starts from, kept for the next
// scenario over the same objects, and with -setups for the next runs.
type setup struct {
	from      string // where it was made
	mainTF    []byte
	tfstate   []byte
	mockState []byte
}

// setupKey names the objects of a scenario.
func (s scenario) setupKey() string {
	if s.pools {
		return fmt.Sprintf("pools-%d-on-%d", s.n, s.clusters)
	}
	return fmt.Sprintf("clusters-%d", s.n)
}

var setupFiles = []string{"main.tf", "terraform.tfstate", "mock-state.json"}

func (st *setup) files() []*[]byte { return []*[]byte{&st.mainTF, &st.tfstate, &st.mockState} }

// savedSetup reads the setup of s from the -setups directory. One made for
// another configuration is not used.
func (b *bench) savedSetup(s scenario) (setup, bool) {
	if b.cfg.setups == "" {
		return setup{}, false
	}
	dir := filepath.Join(b.cfg.setups, s.setupKey())
	st := setup{from: dir}
	for i, f := range st.files() {
		raw, err := os.ReadFile(filepath.Join(dir, setupFiles[i]))
		if err != nil {
			return setup{}, false
		}
		*f = raw
	}
	if !s.pools && !bytes.Equal(st.mainTF, []byte(s.mainTF(nil))) {
		return setup{}, false
	}
	return st, true
}

func (b *bench) saveSetup(s scenario, st setup) error {
	if b.cfg.setups == "" {
		return nil
	}
	dir := filepath.Join(b.cfg.setups, s.setupKey())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, f := range st.files() {
		if err := os.WriteFile(filepath.Join(dir, setupFiles[i]), *f, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// setUp creates the objects to refresh or destroy against a mock whose
// transitions are instant, which is not measured, then serves a fresh mock
// loaded with them, its request log empty. A later scenario over the same
// objects, or a later run with the same -setups directory, starts from a copy:
// the same configuration, state and mock state.
func (b *bench) setUp(s scenario, dir string, writeConfig func(kubeIDs []string) error) error {
	st, ok := b.setups[s.setupKey()]
	if !ok {
		st, ok = b.savedSetup(s)
	}
	if ok {
		for i, f := range st.files()[:2] {
			if err := os.WriteFile(filepath.Join(dir, setupFiles[i]), *f, 0o644); err != nil {
				return err
			}
		}
		fmt.Printf("setup: the %s of %s, reused\n", plural(s.n, s.noun()), st.from)
		b.setups[s.setupKey()] = st
		return b.serveState(st.mockState)
	}
	fast := ovhmock.New(ovhmock.Options{Timings: ovhmock.Timings{
		NotFoundAfterCreate: time.Nanosecond, Install: time.Nanosecond, Update: time.Nanosecond,
		Reset: time.Nanosecond, Redeploy: time.Nanosecond, Delete: time.Nanosecond,
	}})
	kubeIDs, err := seedClusters(fast, s)
	if err != nil {
		return err
	}
	if err := writeConfig(kubeIDs); err != nil {
		return err
	}
	b.mocks.set(fast)
	t0 := time.Now()
	m, err := b.cliRun(dir, "setup", nil, "apply", "-input=false", "-no-color", "-auto-approve", fmt.Sprintf("-parallelism=%d", setupPar))
	if err != nil {
		return err
	}
	if m.exitCode != 0 {
		return fmt.Errorf("setup apply failed (exit %d); log: %s\n%s", m.exitCode, m.log, tail(m.log, 30))
	}
	if got := s.count(fast); got != s.n {
		return fmt.Errorf("setup apply left %s, want %d", plural(got, s.noun()), s.n)
	}
	fmt.Printf("setup: %s created in %s (instant mock, -parallelism=%d; not measured)\n",
		plural(s.n, s.noun()), time.Since(t0).Round(10*time.Millisecond), setupPar)
	var state bytes.Buffer
	if err := fast.SaveState(&state); err != nil {
		return err
	}
	st = setup{from: filepath.Base(dir), mockState: state.Bytes()}
	for i, f := range st.files()[:2] {
		if *f, err = os.ReadFile(filepath.Join(dir, setupFiles[i])); err != nil {
			return err
		}
	}
	b.setups[s.setupKey()] = st
	if err := b.saveSetup(s, st); err != nil {
		return err
	}
	return b.serveState(st.mockState)
}

// serveState serves a new mock, with the measured timings, loaded with state.
func (b *bench) serveState(state []byte) error {
	measured := ovhmock.New(ovhmock.Options{Timings: b.timings})
	if err := measured.LoadState(bytes.NewReader(state)); err != nil {
		return err
	}
	b.mocks.set(measured)
	return nil
}
