package ovhmock_test

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// fullTemplate is a template with every key, changed by edit.
func fullTemplate(edit func(metadata, spec, taint map[string]any)) map[string]any {
	taint := map[string]any{"key": "k", "value": "v", "effect": "NoSchedule"}
	metadata := map[string]any{"labels": map[string]any{"a": "b"}, "annotations": map[string]any{}, "finalizers": []string{"example.com/f"}}
	spec := map[string]any{"unschedulable": false, "taints": []any{taint}}
	if edit != nil {
		edit(metadata, spec, taint)
	}
	t := map[string]any{"metadata": metadata, "spec": spec}
	if metadata["drop"] == true {
		delete(t, "metadata")
	}
	if spec["drop"] == true {
		delete(t, "spec")
	}
	return t
}

func TestNodePoolCreateValidation(t *testing.T) {
	tmpl := func(edit func(metadata, spec, taint map[string]any)) map[string]any {
		return map[string]any{"template": fullTemplate(edit)}
	}
	tests := []struct {
		name    string
		region  string         // GRA7 unless set
		body    map[string]any // merged over poolBody
		message string
	}{
		{"flavor missing", "", map[string]any{"flavorName": nil}, "[flavorName] Missing required parameter"},
		{"flavor unknown", "", map[string]any{"flavorName": "b9-99"}, "[flavorName] Given data (b9-99) is not a flavor of region GRA7"},
		{"name not a string", "", map[string]any{"name": 5}, "[name] Given data (5) is not valid for type string"},
		{"zones absent", "", map[string]any{"availabilityZones": nil}, "[availabilityZones] availabilityZones is mandatory"},
		{"zone on a 1-AZ region", "", map[string]any{"availabilityZones": []string{"gra7-a"}},
			"[availabilityZones] Given data (gra7-a) is not an availability zone of region GRA7"},
		{"no zone on a 3-AZ region", "EU-WEST-PAR", nil, "[availabilityZones] A node pool of region EU-WEST-PAR needs exactly one availability zone"},
		{"two zones on a 3-AZ region", "EU-WEST-PAR", map[string]any{"availabilityZones": []string{"eu-west-par-a", "eu-west-par-b"}},
			"[availabilityZones] A node pool of region EU-WEST-PAR needs exactly one availability zone"},
		{"unknown zone", "EU-WEST-PAR", map[string]any{"availabilityZones": []string{"eu-west-par-d"}},
			"[availabilityZones] Given data (eu-west-par-d) is not an availability zone of region EU-WEST-PAR"},
		{"min over max", "", map[string]any{"minNodes": 5, "maxNodes": 3}, "[minNodes] Given data (5) is greater than maxNodes (3)"},
		{"desired over max", "", map[string]any{"desiredNodes": 4, "maxNodes": 3}, "[desiredNodes] Given data (4) is not between minNodes (0) and maxNodes (3)"},
		{"desired under min", "", map[string]any{"desiredNodes": 1, "minNodes": 2}, "[desiredNodes] Given data (1) is not between minNodes (2) and maxNodes (100)"},
		{"fractional desired", "", map[string]any{"desiredNodes": 1.5}, "[desiredNodes] Given data (1.5) is not valid for type long"},
		{"desired as a string", "", map[string]any{"desiredNodes": "2"}, "[desiredNodes] Given data (2) is not valid for type long"},
		{"autoscale not a boolean", "", map[string]any{"autoscale": "yes"}, "[autoscale] Given data (yes) is not valid for type boolean"},
		{"taint effect", "", tmpl(func(_, _, taint map[string]any) { taint["effect"] = "NoWhere" }),
			"[template.spec.taints.effect] Given data (NoWhere) does not belong to the cloud.kube.TaintEffectEnum enumeration"},
		{"template without annotations", "", tmpl(func(metadata, _, _ map[string]any) { delete(metadata, "annotations") }),
			"[template.metadata.annotations] Missing required parameter"},
		{"template without labels", "", tmpl(func(metadata, _, _ map[string]any) { metadata["labels"] = nil }),
			"[template.metadata.labels] Missing required parameter"},
		{"template without finalizers", "", tmpl(func(metadata, _, _ map[string]any) { delete(metadata, "finalizers") }),
			"[template.metadata.finalizers] Missing required parameter"},
		{"template without metadata", "", tmpl(func(metadata, _, _ map[string]any) { metadata["drop"] = true }),
			"[template.metadata] Missing required parameter"},
		{"template without spec", "", tmpl(func(_, spec, _ map[string]any) { spec["drop"] = true }),
			"[template.spec] Missing required parameter"},
		{"template without unschedulable", "", tmpl(func(_, spec, _ map[string]any) { delete(spec, "unschedulable") }),
			"[template.spec.unschedulable] Missing required parameter"},
		{"template without taints", "", tmpl(func(_, spec, _ map[string]any) { delete(spec, "taints") }),
			"[template.spec.taints] Missing required parameter"},
		{"taint without value", "", tmpl(func(_, _, taint map[string]any) { delete(taint, "value") }),
			"[template.spec.taints.value] Missing required parameter"},
		{"label not a string", "", tmpl(func(metadata, _, _ map[string]any) { metadata["labels"] = map[string]any{"k": 1} }),
			"[template.metadata.labels.k] Given data (1) is not valid for type string"},
		{"template unknown key", "", tmpl(func(_, spec, _ map[string]any) { spec["tolerations"] = []any{} }),
			"[template.spec.tolerations] Received not described parameter"},
		{"autoscaling unknown key", "", map[string]any{"autoscaling": map[string]any{"foo": 1}}, "[autoscaling.foo] Received not described parameter"},
		{"floating IPs on a free cluster", "", map[string]any{"attachFloatingIps": map[string]any{"enabled": true}},
			"[attachFloatingIps] Floating IPs can only be attached to the nodes of a cluster of the standard plan"},
		{"nodesToRemove is for updates", "", map[string]any{"nodesToRemove": []string{}}, "[nodesToRemove] Received not described parameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newPoolEnv(t, ovhmock.Options{})
			c := e.createReady(map[string]any{"region": cmpOr(tt.region, "GRA7")})
			err := e.client.Post(e.pools(c.ID), poolBody(tt.body), nil)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", tt.message)
			if n := len(e.mock.NodePools(e.project(), c.ID)); n != 0 {
				t.Fatalf("a refused creation left %d pools", n)
			}
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func TestNodePoolUpdateValidation(t *testing.T) {
	tests := []struct {
		name         string
		antiAffinity bool
		body         func(nodes []ovhmock.Node) map[string]any
		message      string
	}{
		{"name", false, nil, "[name] Received not described parameter"},
		{"flavorName", false, nil, "[flavorName] Received not described parameter"},
		{"antiAffinity", false, nil, "[antiAffinity] Received not described parameter"},
		{"monthlyBilled", false, nil, "[monthlyBilled] Received not described parameter"},
		{"availabilityZones", false, nil, "[availabilityZones] Received not described parameter"},
		{"max under desired", false, fixed(map[string]any{"maxNodes": 1}), "[maxNodes] Given data (1) is lower than the current desiredNodes (2)"},
		{"max under min", false, fixed(map[string]any{"maxNodes": 0}), "[maxNodes] Given data (0) is lower than minNodes (1)"},
		{"min over desired", false, fixed(map[string]any{"minNodes": 3}), "[minNodes] Given data (3) is greater than the current desiredNodes (2)"},
		{"min over max", false, fixed(map[string]any{"minNodes": 11}), "[minNodes] Given data (11) is greater than maxNodes (10)"},
		{"desired over max", false, fixed(map[string]any{"desiredNodes": 11}), "[desiredNodes] Given data (11) is not between minNodes (1) and maxNodes (10)"},
		{"both, desired out", false, fixed(map[string]any{"desiredNodes": 4, "maxNodes": 3}), "[desiredNodes] Given data (4) is not between minNodes (1) and maxNodes (3)"},
		{"unknown node", false, fixed(map[string]any{"desiredNodes": 1, "nodesToRemove": []string{"nope"}}),
			"[nodesToRemove] Given data (nope) is not a node of node pool base"},
		{"partial template", false, fixed(map[string]any{"template": fullTemplate(func(metadata, _, _ map[string]any) { delete(metadata, "finalizers") })}),
			"[template.metadata.finalizers] Missing required parameter"},
		{"floating IPs", false, fixed(map[string]any{"attachFloatingIps": map[string]any{"enabled": true}}),
			"[attachFloatingIps] Floating IPs can only be attached to the nodes of a cluster of the standard plan"},
	}
	createOnly := map[string]any{"name": "other", "flavorName": "b3-8", "antiAffinity": false, "monthlyBilled": false, "availabilityZones": []string{}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newPoolEnv(t, ovhmock.Options{})
			c := e.createReady(map[string]any{"region": "GRA7"})
			extra := map[string]any{"name": "base", "minNodes": 1, "maxNodes": 10}
			if tt.antiAffinity {
				extra = map[string]any{"name": "base", "antiAffinity": true}
			}
			p := e.readyPool(c.ID, poolBody(extra))
			nodes := e.poolNodes(c.ID, p.ID, "")
			body := map[string]any{tt.name: createOnly[tt.name]}
			if tt.body != nil {
				body = tt.body(nodes)
			}
			err := e.client.Put(e.pools(c.ID, "/", p.ID), body, nil)
			wantExactAPIError(t, err, http.StatusBadRequest, "Client::BadRequest", strings.ReplaceAll(tt.message, "%INSTANCE%", *nodes[0].InstanceID))
			jsonEqual(t, e.getPool(c.ID, p.ID), p)
			jsonEqual(t, e.poolNodes(c.ID, p.ID, ""), nodes)
		})
	}
}

// TestNodePoolAcceptsWhatTheSchemaAccepts: the schema sets no rule on a
// pool's name, no bound on its sizes but min <= desired <= max (PR #1241),
// none on the autoscaling parameters, and does not require enabled in
// attachFloatingIps; the mock accepts all of them.
func TestNodePoolAcceptsWhatTheSchemaAccepts(t *testing.T) {
	for name, body := range map[string]map[string]any{
		"name with underscore":         {"name": "my_pool"},
		"name upper case":              {"name": "MyPool"},
		"name with a dot":              {"name": "a.b"},
		"name too long":                {"name": strings.Repeat("a", 64)},
		"max over 100":                 {"maxNodes": 101},
		"anti-affinity max over 5":     {"antiAffinity": true, "maxNodes": 10, "desiredNodes": 6},
		"negative min":                 {"minNodes": -1},
		"threshold over 1":             {"autoscaling": map[string]any{"scaleDownUtilizationThreshold": 1.5}},
		"negative unready time":        {"autoscaling": map[string]any{"scaleDownUnreadyTimeSeconds": -1}},
		"floating IPs without enabled": {"attachFloatingIps": map[string]any{}},
	} {
		t.Run(name, func(t *testing.T) {
			e := newPoolEnv(t, ovhmock.Options{})
			c := e.createReady(map[string]any{"region": "GRA7"})
			p := e.readyPool(c.ID, poolBody(body))
			if want, ok := body["name"].(string); ok && p.Name != want {
				t.Fatalf("name = %q, want %q", p.Name, want)
			}
			if v, ok := body["maxNodes"].(int); ok && p.MaxNodes != v {
				t.Fatalf("maxNodes = %d, want %d", p.MaxNodes, v)
			}
			update := maps.Clone(body)
			for _, createOnly := range []string{"name", "antiAffinity"} {
				delete(update, createOnly)
			}
			if err := e.client.Put(e.pools(c.ID, "/", p.ID), update, nil); err != nil {
				t.Fatalf("PUT %v: %v", update, err)
			}
		})
	}
}

// TestNodesToRemoveBeyondTheShrink: where the schema says nothing, a node
// named twice counts once and names beyond what the shrink removes are
// ignored, in the order given.
func TestNodesToRemoveBeyondTheShrink(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.readyPool(c.ID, poolBody(map[string]any{"desiredNodes": 3}))
	nodes := e.poolNodes(c.ID, p.ID, "")
	body := map[string]any{"desiredNodes": 1, "nodesToRemove": []string{nodes[1].Name, nodes[1].ID, *nodes[0].InstanceID, nodes[2].Name}}
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), body, nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range e.poolNodes(c.ID, p.ID, "") {
		want := "DELETING"
		if n.ID == nodes[2].ID {
			want = nodes[2].Status
		}
		if n.Status != want {
			t.Errorf("node %s: %s, want %s", n.Name, n.Status, want)
		}
	}
	// No shrink: the names are ignored.
	e.clock.Advance(poolTimings.NodePoolResize)
	if err := e.client.Put(e.pools(c.ID, "/", p.ID), map[string]any{"nodesToRemove": []string{nodes[2].Name}}, nil); err != nil {
		t.Fatal(err)
	}
}

func fixed(body map[string]any) func([]ovhmock.Node) map[string]any {
	return func([]ovhmock.Node) map[string]any { return body }
}

func TestNodePoolConflicts(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7"})
	p := e.readyPool(c.ID, poolBody(nil))
	node := e.poolNodes(c.ID, p.ID, "")[0]
	pool := e.pools(c.ID, "/", p.ID)

	// A busy cluster refuses every change to its pools; reads go on.
	if err := e.client.Put(e.path(c.ID, "/customization"), map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	busy := "Cluster " + c.ID + " is in status UPDATING; retry once it is READY"
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"POST", e.pools(c.ID), poolBody(map[string]any{"name": "other"})},
		{"PUT", pool, map[string]any{"desiredNodes": 3}},
		{"DELETE", pool, nil},
		{"DELETE", e.path(c.ID, "/node/", node.ID), nil},
	} {
		err := e.client.CallAPI(r.method, r.path, r.body, nil, true)
		wantExactAPIError(t, err, http.StatusConflict, "Client::Conflict", busy)
	}
	for _, path := range []string{e.pools(c.ID), pool, pool + "/nodes", e.path(c.ID, "/node"), e.path(c.ID, "/node/", node.ID), e.path(c.ID, "/flavors")} {
		if err := e.client.Get(path, nil); err != nil {
			t.Fatalf("GET %s on a busy cluster: %v", path, err)
		}
	}
	e.clock.Advance(poolTimings.Update)

	// A busy pool refuses changes too.
	q := e.createPool(c.ID, poolBody(map[string]any{"name": "young"}))
	e.clock.Advance(poolTimings.NotFoundAfterCreate)
	for _, method := range []string{"PUT", "DELETE"} {
		err := e.client.CallAPI(method, e.pools(c.ID, "/", q.ID), map[string]any{}, nil, true)
		wantExactAPIError(t, err, http.StatusConflict, "Client::Conflict", "Node pool "+q.ID+" is in status INSTALLING; retry once it is READY")
	}
	// Names are unique in a cluster, deleting pools included.
	err := e.client.Post(e.pools(c.ID), poolBody(map[string]any{"name": "young"}), nil)
	wantExactAPIError(t, err, http.StatusConflict, "Client::Conflict", "A node pool named young already exists in cluster "+c.ID)
	e.clock.Advance(poolTimings.NodePoolInstall)
	if err := e.client.Delete(e.pools(c.ID, "/", q.ID), nil); err != nil {
		t.Fatal(err)
	}
	err = e.client.Post(e.pools(c.ID), poolBody(map[string]any{"name": "young"}), nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "young")
	e.clock.Advance(poolTimings.NodePoolDelete)
	e.createPool(c.ID, poolBody(map[string]any{"name": "young"}))

	// A failed pool can only be deleted.
	if err := e.mock.ModifyNodePool(e.project(), c.ID, p.ID, func(p *ovhmock.NodePool) { p.Status = "USER_QUOTA_ERROR" }); err != nil {
		t.Fatal(err)
	}
	err = e.client.Put(pool, map[string]any{"desiredNodes": 3}, nil)
	wantExactAPIError(t, err, http.StatusConflict, "Client::Conflict", "Node pool "+p.ID+" is in status USER_QUOTA_ERROR; retry once it is READY")
	if err := e.client.Delete(pool, nil); err != nil {
		t.Fatalf("DELETE of a failed pool: %v", err)
	}

	// A failed cluster takes no new pool.
	if err := e.mock.ModifyCluster(e.project(), c.ID, func(c *ovhmock.Cluster) { c.Status = "ERROR" }); err != nil {
		t.Fatal(err)
	}
	err = e.client.Post(e.pools(c.ID), poolBody(map[string]any{"name": "late"}), nil)
	wantAPIError(t, err, http.StatusConflict, "Client::Conflict", "ERROR")

	err = e.client.Get(e.pools(c.ID, "/nope"), nil)
	wantExactAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Node pool nope does not exist in cluster "+c.ID)
	err = e.client.Get(e.pools("nope"), nil)
	wantExactAPIError(t, err, http.StatusNotFound, "Client::NotFound", "Kubernetes cluster nope does not exist")
}

func TestResetAndNodePools(t *testing.T) {
	for _, tt := range []struct {
		name, option string
		policy       any // nil: left out, which means delete
		poolStatus   string
		sameNodes    bool
		gone         bool
	}{
		{"delete, pools kept", "", "delete", "REDEPLOYING", false, false},
		{"default policy", "", nil, "REDEPLOYING", false, false},
		{"delete, pools deleted", ovhmock.ResetDeleteNodePools, "delete", "DELETING", true, true},
		{"reinstall", ovhmock.ResetDeleteNodePools, "reinstall", "REDEPLOYING", true, false},
		{"reinstall, pools kept", ovhmock.ResetKeepNodePools, "reinstall", "REDEPLOYING", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newPoolEnv(t, ovhmock.Options{ResetNodePools: tt.option})
			c := e.createReady(map[string]any{"region": "GRA7", "version": "1.34"})
			p := e.readyPool(c.ID, poolBody(map[string]any{"template": fullTemplate(nil), "autoscale": true}))
			before := e.poolNodes(c.ID, p.ID, "")
			body := map[string]any{"version": "1.35"}
			if tt.policy != nil {
				body["workerNodesPolicy"] = tt.policy
			}
			if err := e.client.Post(e.path(c.ID, "/reset"), body, nil); err != nil {
				t.Fatal(err)
			}
			during := e.getPool(c.ID, p.ID)
			nodes := e.poolNodes(c.ID, p.ID, "")
			if during.Status != tt.poolStatus || slices.Equal(nodeIDs(nodes), nodeIDs(before)) != tt.sameNodes {
				t.Fatalf("during the reset: %s, nodes %v, before %v", during.Status, nodeStatuses(nodes), nodeIDs(before))
			}
			e.clock.Advance(poolTimings.Reset)
			if tt.gone {
				err := e.client.Get(e.pools(c.ID, "/", p.ID), nil)
				wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", p.ID)
				if got := e.mock.Nodes(e.project(), c.ID); len(got) != 0 {
					t.Fatalf("nodes left: %v", got)
				}
				return
			}
			after := e.getPool(c.ID, p.ID)
			wantPool(t, after, "READY", "CAPACITY_OK", 2, 2, 2)
			jsonEqual(t, after.Template, p.Template)
			nodes = e.poolNodes(c.ID, p.ID, "")
			if slices.Equal(nodeIDs(nodes), nodeIDs(before)) != tt.sameNodes || after.UpToDateNodes != 2 {
				t.Fatalf("after the reset: nodes %v, before %v, up to date %d", nodeIDs(nodes), nodeIDs(before), after.UpToDateNodes)
			}
			for _, n := range nodes {
				if n.Status != "READY" || n.Version != e.get(c.ID).Version || n.DeployedAt == nil || !n.DeployedAt.Equal(e.clock.Now()) {
					t.Fatalf("node after the reset: %+v", n)
				}
			}
		})
	}
}

func TestClusterChangesReachNodePools(t *testing.T) {
	e := newPoolEnv(t, ovhmock.Options{})
	c := e.createReady(map[string]any{"region": "GRA7", "version": "1.34"})
	p := e.readyPool(c.ID, poolBody(nil))
	before := e.poolNodes(c.ID, p.ID, "")

	// An upgrade moves the nodes to the new version at its end.
	if err := e.client.Post(e.path(c.ID, "/update"), map[string]any{"strategy": "NEXT_MINOR"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.getPool(c.ID, p.ID); got.Status != "UPDATING" || got.UpToDateNodes != 0 || got.AvailableNodes != 2 {
		t.Fatalf("pool during the upgrade: %+v", got)
	}
	if n := e.poolNodes(c.ID, p.ID, "")[0]; n.IsUpToDate || n.Version != c.Version {
		t.Fatalf("node during the upgrade: %+v", n)
	}
	e.clock.Advance(poolTimings.Update)
	upgraded := e.get(c.ID)
	if got := e.getPool(c.ID, p.ID); got.Status != "READY" || got.UpToDateNodes != 2 {
		t.Fatalf("pool after the upgrade: %+v", got)
	}
	if n := e.poolNodes(c.ID, p.ID, "")[0]; !n.IsUpToDate || n.Version != upgraded.Version || n.ID != before[0].ID {
		t.Fatalf("node after the upgrade: %+v", n)
	}

	// New certificates reinstall the nodes.
	if err := e.client.Post(e.path(c.ID, "/kubeconfig/reset"), nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.getPool(c.ID, p.ID); got.Status != "REDEPLOYING" || !slices.Equal(nodeStatuses(e.poolNodes(c.ID, p.ID, "")), []string{"REDEPLOYING", "REDEPLOYING"}) {
		t.Fatalf("pool after kubeconfig/reset: %+v", got)
	}
	e.clock.Advance(poolTimings.Redeploy)
	wantPool(t, e.getPool(c.ID, p.ID), "READY", "CAPACITY_OK", 2, 2, 2)

	// Deleting the cluster deletes its pools.
	if err := e.client.Delete(e.path(c.ID), nil); err != nil {
		t.Fatal(err)
	}
	if got := e.getPool(c.ID, p.ID); got.Status != "DELETING" {
		t.Fatalf("pool of a deleting cluster: %s", got.Status)
	}
	e.clock.Advance(poolTimings.Delete)
	if got := e.mock.NodePools(e.project(), c.ID); got != nil {
		t.Fatalf("pools of a deleted cluster: %+v", got)
	}
	err := e.client.Get(e.pools(c.ID, "/", p.ID), nil)
	wantAPIError(t, err, http.StatusNotFound, "Client::NotFound", c.ID)
}
