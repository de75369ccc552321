package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

type result struct {
	s            scenario
	dir          string
	wall         time.Duration
	floor        time.Duration // 0: none
	floorFormula string
	exitCode     int
	planChanges  bool // a plan that found changes (-detailed-exitcode 2)
	counts       map[string]int
	requests     []ovhmock.Request
	firstCall    time.Duration // from the command's start to its first API request
	lastCall     time.Duration // from the command's start to its last API request
	firstChange  time.Duration // from the command's start to its first mutating request; 0: none
	lag          lagStats
	mem          memStats
	cpu          time.Duration // user+system of the CLI and the children it reaped
	harnessCPU   time.Duration // user+system of this process (mock, sampler) meanwhile
	left         int           // objects of the scenario's kind the mock holds afterwards
	clustersLeft int
	problems     []string
	targets      []target
	profile      string // the top entries of the profiles, with -profile
}

type target struct {
	name       string
	met        bool
	unmeasured bool // what it is about was not measured here; met is meaningless
	note       string
}

func (b *bench) runScenario(s scenario) (*result, error) {
	dir := filepath.Join(b.scratch, fmt.Sprintf("%s-%s-%d", s.key, s.kind, s.n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r := &result{s: s, dir: dir}
	writeConfig := func(kubeIDs []string) error {
		return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.mainTF(kubeIDs)), 0o644)
	}

	if s.kind != kindApply {
		if err := b.setUp(s, dir, writeConfig); err != nil {
			return nil, err
		}
	} else {
		measured := ovhmock.New(ovhmock.Options{Timings: b.timings})
		kubeIDs, err := seedClusters(measured, s)
		if err != nil {
			return nil, err
		}
		if err := writeConfig(kubeIDs); err != nil {
			return nil, err
		}
		b.mocks.set(measured)
	}
	if s.kind != kindApply {
		if err := b.prepareIdentities(dir); err != nil {
			return nil, err
		}
	}
	mock := b.mocks.mock()
	mock.ResetRequests()

	args := []string{string(s.kind), "-input=false", "-no-color"}
	if s.kind == kindPlan {
		args = append(args, "-detailed-exitcode")
		if s.refreshOnly {
			args = append(args, "-refresh-only")
		}
	} else {
		args = append(args, "-auto-approve")
	}
	if s.parallelism > 0 {
		args = append(args, fmt.Sprintf("-parallelism=%d", s.parallelism))
	}
	var env []string
	profileDir := ""
	if b.cfg.profile != "" {
		profileDir = filepath.Join(b.cfg.profile, filepath.Base(dir))
		if err := os.MkdirAll(profileDir, 0o755); err != nil {
			return nil, err
		}
		env = append(env, profileEnv+"="+profileDir)
	}
	m, err := b.cliRun(dir, "measured", env, args...)
	if err != nil {
		return nil, err
	}
	if profileDir != "" {
		r.profile, err = b.summariseProfiles(profileDir)
		if err != nil {
			return nil, fmt.Errorf("profiles in %s: %w", profileDir, err)
		}
	}
	r.wall, r.mem, r.cpu, r.harnessCPU, r.exitCode = m.wall, m.mem, m.cpu, m.harnessCPU, m.exitCode
	r.requests = mock.Requests()
	r.counts = mock.Counts()
	r.left = s.count(mock)
	r.clustersLeft = len(mock.Clusters(project))
	if raw, err := json.MarshalIndent(r.requests, "", "  "); err == nil {
		// The request log of the measured command, for a look with -keep.
		_ = os.WriteFile(filepath.Join(dir, "requests.json"), raw, 0o644)
	}

	switch {
	case s.kind == kindPlan && s.refreshOnly && m.exitCode == 2 && refreshFoundNothing(m.log):
		// Terraform's refresh-only plans exit 2 when the order of the
		// sensitive paths in the refreshed state differs from the prior
		// one's (hashicorp/terraform#36403), which depends on a map's
		// iteration order; the plan says it found no change.
	case s.kind == kindPlan && m.exitCode == 2:
		r.planChanges = true
		r.problems = append(r.problems, "the plan found changes: a refresh right after an apply must be a no-op")
	case m.exitCode != 0:
		r.problems = append(r.problems, fmt.Sprintf("%s exited %d; log: %s\n%s", s.kind, m.exitCode, m.log, tail(m.log, 30)))
	}
	switch s.kind {
	case kindApply, kindPlan:
		if r.left != s.n {
			r.problems = append(r.problems, fmt.Sprintf("the mock holds %s, want %d", plural(r.left, s.noun()), s.n))
		}
	case kindDestroy:
		if r.left != 0 {
			r.problems = append(r.problems, fmt.Sprintf("the mock still holds %s after the destroy", plural(r.left, s.noun())))
		}
	}
	if s.pools && r.clustersLeft != s.clusters {
		r.problems = append(r.problems, fmt.Sprintf("the mock holds %s, want the %d seeded", plural(r.clustersLeft, "cluster"), s.clusters))
	}
	if len(r.requests) > 0 {
		r.firstCall = r.requests[0].Time.Sub(m.start)
		r.lastCall = r.requests[len(r.requests)-1].Time.Sub(m.start)
		for _, q := range r.requests {
			if q.Method != http.MethodGet && q.Route != routeKubeconfig {
				r.firstChange = q.Time.Sub(m.start)
				break
			}
		}
	}
	b.floor(r)
	switch s.kind {
	case kindApply:
		r.lag = createLag(r.requests, b.mocks.creations(), s.getRoute(), s.objectID, b.createTime(s))
	case kindDestroy:
		r.lag = deleteLag(r.requests, b.timings.Delete)
	}
	r.judge(b.timings)
	return r, nil
}

// refreshFoundNothing reports whether the output of a refresh-only plan says
// it found no change.
func refreshFoundNothing(logPath string) bool {
	raw, err := os.ReadFile(logPath)
	return err == nil && bytes.Contains(raw, []byte("\nNo changes. Your infrastructure still matches the configuration."))
}

// seedClusters adds the READY clusters a node pool scenario works on and
// returns their ids; cluster scenarios start from an empty mock.
func seedClusters(m *ovhmock.Mock, s scenario) ([]string, error) {
	if !s.pools {
		return nil, nil
	}
	for i := range s.clusters {
		if err := m.AddCluster(project, ovhmock.Cluster{Name: fmt.Sprintf("bench-pools-%d", i), Region: "GRA11", Status: ovhmock.StatusReady}); err != nil {
			return nil, err
		}
	}
	var ids []string
	for _, c := range m.Clusters(project) {
		ids = append(ids, c.ID)
	}
	if len(ids) != s.clusters {
		return nil, fmt.Errorf("seeding left %d clusters, want %d", len(ids), s.clusters)
	}
	fmt.Printf("seeded: %s READY in the mock\n", plural(s.clusters, "cluster"))
	return ids, nil
}
