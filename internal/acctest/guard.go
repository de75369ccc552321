package acctest

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

// stateGuard is the check that GuardState registers.
type stateGuard struct {
	m *ovhmock.Mock
	w *Workdir
	// outside maps the clusters the test put in the mock outside Terraform,
	// and never imports, to why.
	outside map[string]string
}

// GuardState registers, for the end of the test, the check that the mock m
// and the final state of w agree on the clusters of the default project and
// their log subscriptions:
// none in the mock that the state does not hold (an orphan, billed and
// forgotten by a real user), none in the state that the mock no longer has.
// No step of an end-to-end test sees either: the CLI succeeds in both cases.
//
// Call it after NewWorkdir and after ServeMock, not with defer: cleanups
// run last registered first, so the check then runs while the working
// directory and the server still exist. The provider directory must outlive
// the test too: `show -json` starts the provider for its schema.
func GuardState(tb testing.TB, m *ovhmock.Mock, w *Workdir) {
	tb.Helper()
	g := &stateGuard{m: m, w: w, outside: map[string]string{}}
	tb.Cleanup(func() {
		inState, err := g.stateClusters()
		if err != nil {
			// A test stopped before its first apply can leave a state that
			// the CLI cannot show, such as an official provider's one with
			// attributes this schema lacks; its own failure says more.
			if tb.Failed() {
				tb.Logf("orphan guard: not checked: %v", err)
			} else {
				tb.Errorf("orphan guard: %v", err)
			}
			return
		}
		if err := g.check(inState); err != nil {
			tb.Error(err)
		}
	})
}

// check compares the clusters of the final state, inState, with the mock's.
func (g *stateGuard) check(inState map[string]bool) error {
	inMock := map[string]string{}
	for _, c := range g.m.Clusters(ovhmock.DefaultProject) {
		inMock[c.ID] = fmt.Sprintf("%s (%s, %s)", c.ID, c.Name, c.Status)
		subs, _ := g.m.LogSubscriptions(ovhmock.DefaultProject, c.ID)
		for _, s := range subs {
			inMock[s.SubscriptionID] = fmt.Sprintf("log subscription %s (cluster %s, stream %s)", s.SubscriptionID, c.ID, s.StreamID)
		}
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
	return fmt.Errorf("orphan guard: the mock and the final state of %s (%s) disagree on the clusters and log subscriptions:\n"+
		"  in the mock, not in state (orphans): %s\n  in state, not in the mock: %s\n"+
		"  declared outside Terraform: %s",
		g.w.Dir, filepath.Base(g.w.CLI), listOrNone(orphans), listOrNone(lost), listOrNone(outside))
}

// stateClusters reads the ids of the clusters and log subscriptions in the
// final state through the CLI, as a user would see them, rather than from
// terraform.tfstate whose layout is the CLI's own business.
func (g *stateGuard) stateClusters() (map[string]bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, g.w.CLI, "show", "-json", "-no-color")
	cmd.Dir = g.w.Dir
	// Without the TRACE logs, stderr is the CLI's own error when it fails.
	cmd.Env = append(append([]string{}, g.w.Env...), "TF_LOG=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s show -json: %v\n%s%s", filepath.Base(g.w.CLI), err, Tail(stderr.String(), 3000), Tail(stdout.String(), 1000))
	}
	var show struct {
		Values *struct {
			RootModule stateModule `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &show); err != nil {
		return nil, fmt.Errorf("%s show -json: %v\n%s", filepath.Base(g.w.CLI), err, Tail(stdout.String(), 3000))
	}
	ids := map[string]bool{}
	if show.Values == nil {
		return ids, nil // no state, or an empty one
	}
	var walk func(stateModule) error
	walk = func(mod stateModule) error {
		for _, r := range mod.Resources {
			if r.Mode != "managed" || r.Type != "ovh_cloud_project_kube" && r.Type != "ovh_cloud_project_kube_log_subscription" {
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

// stateModule is a module of `show -json`.
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
