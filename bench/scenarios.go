package main

import (
	"fmt"
	"strings"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

type kind string

const (
	kindApply   kind = "apply"
	kindPlan    kind = "plan"
	kindDestroy kind = "destroy"
)

type scenario struct {
	key         string
	kind        kind
	pools       bool // the n objects are node pools, spread over clusters seeded in the mock
	n           int
	clusters    int  // node pool scenarios: the READY clusters seeded in the mock
	parallelism int  // 0: the CLI's default (10)
	refreshOnly bool // a plan with -refresh-only
}

// noun names one object of the scenario.
func (s scenario) noun() string {
	if s.pools {
		return "node pool"
	}
	return "cluster"
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// getRoute is the route of the read of one object of the scenario.
func (s scenario) getRoute() string {
	if s.pools {
		return routePool
	}
	return routeCluster
}

// objectID is the id of the object of the scenario a request is about, or "".
func (s scenario) objectID(r ovhmock.Request) string {
	if s.pools {
		return pathID(r, "/nodepool/")
	}
	return pathID(r, "/kube/")
}

func (s scenario) title() string {
	what := string(s.kind)
	if s.refreshOnly {
		what = "refresh-only " + what
	}
	t := fmt.Sprintf("%s of %s", what, plural(s.n, s.noun()))
	if s.pools {
		if s.kind == kindApply {
			t += " on " + plural(s.clusters, "existing cluster")
		} else {
			t += " on " + plural(s.clusters, "cluster")
		}
	}
	if s.kind == kindPlan {
		t += " in state"
	}
	if s.parallelism > 0 {
		t += fmt.Sprintf(", -parallelism=%d", s.parallelism)
	}
	return t
}

var scenarios = []scenario{
	{key: "a", kind: kindApply, n: 1},
	{key: "b", kind: kindApply, n: 50, parallelism: 10},
	{key: "c", kind: kindPlan, n: 100, refreshOnly: true},
	{key: "d", kind: kindPlan, n: 500, refreshOnly: true},
	{key: "e", kind: kindDestroy, n: 50, parallelism: 10},
	{key: "f", kind: kindApply, pools: true, n: 5, clusters: 1, parallelism: 10},
	{key: "g", kind: kindPlan, pools: true, n: 100, clusters: 4, refreshOnly: true},
	{key: "h", kind: kindPlan, n: 100},
	{key: "i", kind: kindPlan, n: 500},
}

func scenarioKeys() string {
	keys := make([]string, len(scenarios))
	for i, s := range scenarios {
		keys[i] = s.key
	}
	return strings.Join(keys, ",")
}

// count is the number of objects of the scenario's kind the mock holds.
func (s scenario) count(m *ovhmock.Mock) int {
	clusters := m.Clusters(project)
	if !s.pools {
		return len(clusters)
	}
	n := 0
	for _, c := range clusters {
		n += len(m.NodePools(project, c.ID))
	}
	return n
}
