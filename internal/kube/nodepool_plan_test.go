package kube_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// poolUpdateUnknowns are the attributes an in-place update of a node pool
// leaves unknown until the apply: the pool's status and its node counts move
// while it resizes or rolls the change out, and updated_at is the update's
// time. Everything else keeps its state value.
var poolUpdateUnknowns = []string{"available_nodes", "current_nodes", "size_status", "status", "up_to_date_nodes", "updated_at"}

// expectPoolUpdate checks the plan of an in-place update of a node pool: the
// attributes of unknown alone are unknown, those of changed take new known
// values, and every other attribute, nested ones included, is the state's.
type expectPoolUpdate struct {
	addr    string
	unknown []string
	changed []string
}

func (e expectPoolUpdate) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		if !rc.Change.Actions.Update() {
			resp.Error = fmt.Errorf("%s: actions %v, want an in-place update", e.addr, rc.Change.Actions)
			return
		}
		var got []string
		unknownPaths("", rc.Change.AfterUnknown, &got)
		sort.Strings(got)
		if !slices.Equal(got, e.unknown) {
			resp.Error = fmt.Errorf("%s: unknown after the plan: %v, want exactly %v", e.addr, got, e.unknown)
			return
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		var diffs []string
		for k, bv := range before {
			if slices.Contains(e.unknown, k) {
				continue
			}
			av, known := after[k]
			switch {
			case !known:
				diffs = append(diffs, fmt.Sprintf("%s: %v -> (unknown)", k, bv))
			case slices.Contains(e.changed, k):
				if reflect.DeepEqual(av, bv) {
					diffs = append(diffs, fmt.Sprintf("%s: %v unchanged, want a change", k, bv))
				}
			case !reflect.DeepEqual(av, bv):
				diffs = append(diffs, fmt.Sprintf("%s: %v -> %v", k, bv, av))
			}
		}
		if len(diffs) > 0 {
			sort.Strings(diffs)
			resp.Error = fmt.Errorf("%s: the plan changes more than %v:\n%s", e.addr, e.changed, strings.Join(diffs, "\n"))
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", e.addr)
}

// unknownPaths lists the paths whose after_unknown is true.
func unknownPaths(prefix string, v any, out *[]string) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch v := v.(type) {
	case bool:
		if v {
			*out = append(*out, prefix)
		}
	case map[string]any:
		for k, x := range v {
			unknownPaths(join(k), x, out)
		}
	case []any:
		for i, x := range v {
			unknownPaths(join(fmt.Sprint(i)), x, out)
		}
	}
}

// TestAccNodePool_updatePlansOnlyWhatChanges: a resize, and an update of
// max_nodes, autoscale or the template's labels, plan the attribute changed
// and the status, counts and update time, which follow from any update;
// flavor, flavor_name, created_at, project_id, id, name and the rest keep
// their state values, known at plan time.
func TestAccNodePool_updatePlansOnlyWhatChanges(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	kubeID := seedReadyCluster(t, m)
	config := func(desired, maxNodes int, autoscale bool, role string) string {
		return poolConfig(endpoint, kubeID, fmt.Sprintf(`
  name          = "steady"
  flavor_name   = "b3-8"
  desired_nodes = %d
  max_nodes     = %d
  autoscale     = %t
  template {
    metadata {
      labels = { role = %q }
    }
  }`, desired, maxNodes, autoscale, role))
	}
	update := func(changed ...string) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{
			PreApply:             []plancheck.PlanCheck{expectPoolUpdate{addr: poolAddr, unknown: poolUpdateUnknowns, changed: changed}},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(2, 5, false, "web")},
			{
				Config: config(3, 5, false, "web"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectPoolUpdate{addr: poolAddr, unknown: poolUpdateUnknowns, changed: []string{"desired_nodes"}},
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("desired_nodes"), knownvalue.Int64Exact(3)),
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("flavor"), knownvalue.StringExact("b3-8")),
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("flavor_name"), knownvalue.StringExact("b3-8")),
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("name"), knownvalue.StringExact("steady")),
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("project_id"), knownvalue.StringExact(ovhmock.DefaultProject)),
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
						plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
						plancheck.ExpectUnknownValue(poolAddr, tfjsonpath.New("current_nodes")),
						plancheck.ExpectUnknownValue(poolAddr, tfjsonpath.New("status")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("current_nodes"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				},
			},
			{Config: config(3, 6, false, "web"), ConfigPlanChecks: update("max_nodes")},
			{Config: config(3, 6, true, "web"), ConfigPlanChecks: update("autoscale")},
			{Config: config(3, 6, true, "api"), ConfigPlanChecks: update("template")},
		},
	})
	if n := acctest.Count(m, "POST", acctest.RouteNodePools); n != 1 {
		t.Errorf("%d creations, want 1: every change is in place", n)
	}
	if n := acctest.Count(m, "PUT", acctest.RouteNodePool); n != 4 {
		t.Errorf("%d PUTs of the pool, want 4: one per change", n)
	}
}
