package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// stateGuard fails a test whose mock and final state disagree on the
// clusters: a cluster created but lost from state (an orphan, billed and
// forgotten by a real user) or one the state holds but the API no longer has.
// No test step sees either: the CLI succeeds in both cases.
type stateGuard struct {
	m *ovhmock.Mock
	w *workdir
	// outside maps the clusters the test put in the mock outside Terraform,
	// and never imports, to why.
	outside map[string]string
}

// guardState registers the check of one (mock, workdir) pair for the end of
// the test. Call it after newWorkdir and after registering the mock server's
// Close with t.Cleanup, not defer: cleanups run last registered first, so the
// check then runs while the working directory and the server still exist.
// The provider directory must outlive the test too: `show -json` starts the
// provider for its schema.
func guardState(t *testing.T, m *ovhmock.Mock, w *workdir) {
	t.Helper()
	g := &stateGuard{m: m, w: w, outside: map[string]string{}}
	t.Cleanup(func() {
		inState, err := g.stateClusters()
		if err != nil {
			// A test stopped before its first apply can leave a state that
			// the CLI cannot show, such as an official provider's one with
			// attributes this schema lacks; its own failure says more.
			if t.Failed() {
				t.Logf("orphan guard: not checked: %v", err)
			} else {
				t.Errorf("orphan guard: %v", err)
			}
			return
		}
		if err := g.check(inState); err != nil {
			t.Error(err)
		}
	})
}

// check compares the clusters of the final state, inState, with the mock's.
func (g *stateGuard) check(inState map[string]bool) error {
	inMock := map[string]string{}
	for _, c := range g.m.Clusters(ovhmock.DefaultProject) {
		inMock[c.ID] = fmt.Sprintf("%s (%s, %s)", c.ID, c.Name, c.Status)
	}
	var orphans, lost, outside []string
	for id, desc := range inMock {
		if _, declared := g.outside[id]; !inState[id] && !declared {
			orphans = append(orphans, desc)
		}
	}
	for id := range inState {
		if _, ok := inMock[id]; !ok {
			lost = append(lost, id)
		}
	}
	// A declared cluster the state took over, or the API lost, means the
	// provider touched what it does not own, or the declaration is stale.
	for id, why := range g.outside {
		switch _, ok := inMock[id]; {
		case inState[id]:
			outside = append(outside, fmt.Sprintf("%s (%s) is in state", id, why))
		case !ok:
			outside = append(outside, fmt.Sprintf("%s (%s) is not in the mock", id, why))
		}
	}
	if len(orphans) == 0 && len(lost) == 0 && len(outside) == 0 {
		return nil
	}
	slices.Sort(orphans)
	slices.Sort(lost)
	slices.Sort(outside)
	return fmt.Errorf("orphan guard: the mock and the final state of %s (%s) disagree on the clusters:\n"+
		"  in the mock, not in state (orphans): %s\n  in state, not in the mock: %s\n"+
		"  declared outside Terraform: %s",
		g.w.dir, filepath.Base(g.w.bin), listOrNone(orphans), listOrNone(lost), listOrNone(outside))
}

// stateClusters reads the ids of the clusters in the final state through the
// CLI, as a user would see them, rather than from terraform.tfstate whose
// layout is the CLI's own business.
func (g *stateGuard) stateClusters() (map[string]bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, g.w.bin, "show", "-json", "-no-color")
	cmd.Dir = g.w.dir
	// Without the TRACE logs, stderr is the CLI's own error when it fails.
	cmd.Env = append(append([]string{}, g.w.env...), "TF_LOG=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s show -json: %v\n%s%s", filepath.Base(g.w.bin), err, tail(stderr.String(), 3000), tail(stdout.String(), 1000))
	}
	var show struct {
		Values *struct {
			RootModule stateModule `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &show); err != nil {
		return nil, fmt.Errorf("%s show -json: %v\n%s", filepath.Base(g.w.bin), err, tail(stdout.String(), 3000))
	}
	ids := map[string]bool{}
	if show.Values == nil {
		return ids, nil // no state, or an empty one
	}
	var walk func(stateModule) error
	walk = func(mod stateModule) error {
		for _, r := range mod.Resources {
			if r.Mode != "managed" || r.Type != "ovh_cloud_project_kube" {
				continue
			}
			if r.Values.ID == "" {
				return fmt.Errorf("%s in state has no id", r.Address)
			}
			ids[r.Values.ID] = true
		}
		for _, child := range mod.ChildModules {
			if err := walk(child); err != nil {
				return err
			}
		}
		return nil
	}
	return ids, walk(show.Values.RootModule)
}

type stateModule struct {
	Resources []struct {
		Address string `json:"address"`
		Mode    string `json:"mode"`
		Type    string `json:"type"`
		Values  struct {
			ID string `json:"id"`
		} `json:"values"`
	} `json:"resources"`
	ChildModules []stateModule `json:"child_modules"`
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
