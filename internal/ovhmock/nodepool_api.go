package ovhmock

import (
	"slices"
	"time"
)

// nodePoolRoute is the collection of a cluster's node pools; a POST to it
// creates one.
const nodePoolRoute = kubeRoute + "/{kubeId}/nodepool"

// nodePoolSizes are pointers, so that a size left out is told from 0.
type nodePoolSizes struct {
	DesiredNodes *int `json:"desiredNodes"`
	MinNodes     *int `json:"minNodes"`
	MaxNodes     *int `json:"maxNodes"`
}

// autoscalingChange holds the keys sent; a key left out keeps its value
// (its default at creation).
type autoscalingChange struct {
	ScaleDownUnneededTimeSeconds  *int     `json:"scaleDownUnneededTimeSeconds"`
	ScaleDownUnreadyTimeSeconds   *int     `json:"scaleDownUnreadyTimeSeconds"`
	ScaleDownUtilizationThreshold *float64 `json:"scaleDownUtilizationThreshold"`
}

// nodePoolChanges are the members of both the creation and the update.
type nodePoolChanges struct {
	nodePoolSizes
	Autoscale         *bool              `json:"autoscale"`
	Autoscaling       *autoscalingChange `json:"autoscaling"`
	AttachFloatingIPs *AttachFloatingIPs `json:"attachFloatingIps"`
	Template          *NodePoolTemplate  `json:"template"`
}

type nodePoolCreation struct {
	nodePoolChanges
	FlavorName        string    `json:"flavorName"`
	Name              *string   `json:"name"`
	AntiAffinity      *bool     `json:"antiAffinity"`
	MonthlyBilled     *bool     `json:"monthlyBilled"`
	AvailabilityZones *[]string `json:"availabilityZones"`
}

type nodePoolUpdate struct {
	nodePoolChanges
	NodesToRemove []string `json:"nodesToRemove"`
}

func nodePoolChangeFields() map[string]*schema {
	// Once a template is sent, every key of it is required, as in the
	// API's schema.
	template := object("cloud.kube.NodePoolTemplate", map[string]*schema{
		"metadata": object("cloud.kube.NodePoolTemplateMetadata", map[string]*schema{
			"labels":      stringMap(),
			"annotations": stringMap(),
			"finalizers":  list(str()),
		}, "labels", "annotations", "finalizers"),
		"spec": object("cloud.kube.NodePoolTemplateSpec", map[string]*schema{
			"unschedulable": boolean(),
			"taints": list(object("cloud.kube.Taint", map[string]*schema{
				"key":    str(),
				"value":  str(),
				"effect": enum("cloud.kube.TaintEffectEnum", taintEffects...),
			}, "key", "value", "effect")),
		}, "unschedulable", "taints"),
	}, "metadata", "spec")
	return map[string]*schema{
		"desiredNodes": integer(),
		"minNodes":     integer(),
		"maxNodes":     integer(),
		"autoscale":    boolean(),
		"autoscaling": object("cloud.ProjectKubeNodePoolAutoscalingParams", map[string]*schema{
			"scaleDownUnneededTimeSeconds":  integer(),
			"scaleDownUnreadyTimeSeconds":   integer(),
			"scaleDownUtilizationThreshold": number(),
		}),
		"attachFloatingIps": object("cloud.ProjectKubeNodePoolAttachFloatingIpsParams", map[string]*schema{
			"enabled": boolean(),
		}),
		"template": template,
	}
}

func nodePoolCreateSchema() *schema {
	fields := nodePoolChangeFields()
	fields["flavorName"] = str()
	fields["name"] = str()
	fields["antiAffinity"] = boolean()
	fields["monthlyBilled"] = boolean()
	fields["availabilityZones"] = list(str())
	return object("cloud.ProjectKubeNodePoolCreation", fields, "flavorName")
}

// nodePoolUpdateSchema has none of the create-only members: sending one is
// answered as any member the schema does not describe.
func nodePoolUpdateSchema() *schema {
	fields := nodePoolChangeFields()
	fields["nodesToRemove"] = list(str())
	return object("cloud.ProjectKubeNodePoolUpdate", fields)
}

// checkFlavor refuses a flavor the region does not have, as the API does
// at creation (ovh/terraform-provider-ovh #419: a wrong flavor fails only
// at apply).
func (m *Mock) checkFlavor(region, name string) error {
	flavors := m.flavorsOf(region)
	i := slices.IndexFunc(flavors, func(f Flavor) bool { return f.Name == name })
	if i < 0 {
		return fieldError("flavorName", "Given data (%s) is not a flavor of region %s", name, region)
	}
	if flavors[i].State != FlavorAvailable {
		return fieldError("flavorName", "Given data (%s) is unavailable in region %s", name, region)
	}
	return nil
}

// checkZones returns the zones of a new pool: exactly one of the region's
// on a 3-AZ region, none elsewhere.
func (m *Mock) checkZones(region string, sent *[]string) ([]string, error) {
	if sent == nil && !m.opts.NodePoolZonesOptional {
		return nil, fieldError("availabilityZones", "availabilityZones is mandatory")
	}
	zones := []string{}
	if sent != nil {
		zones = slices.Clone(*sent)
	}
	allowed := zonesOf(region)
	for _, z := range zones {
		if !slices.Contains(allowed, z) {
			return nil, fieldError("availabilityZones", "Given data (%s) is not an availability zone of region %s", z, region)
		}
	}
	if allowed != nil && len(zones) != 1 {
		return nil, fieldError("availabilityZones", "A node pool of region %s needs exactly one availability zone", region)
	}
	return zones, nil
}

type poolSizes struct{ desired, min, max int }

// checkSizes merges the sizes sent into cur and checks that minNodes <=
// desiredNodes <= maxNodes, which users saw the API enforce
// (ovh/terraform-provider-ovh PR #1241: lowering maxNodes below the current
// desiredNodes is a 400). The schema sets no other bound: no maximum, no
// anti-affinity limit, not even a sign. A message names a member that was
// sent: the one to fix.
func checkSizes(req nodePoolSizes, cur poolSizes) (poolSizes, error) {
	s := poolSizes{
		desired: deref(req.DesiredNodes, cur.desired),
		min:     deref(req.MinNodes, cur.min),
		max:     deref(req.MaxNodes, cur.max),
	}
	sent := func(p *int) bool { return p != nil }
	switch {
	case s.min > s.max && sent(req.MinNodes):
		return cur, fieldError("minNodes", "Given data (%d) is greater than maxNodes (%d)", s.min, s.max)
	case s.min > s.max:
		return cur, fieldError("maxNodes", "Given data (%d) is lower than minNodes (%d)", s.max, s.min)
	case (s.desired < s.min || s.desired > s.max) && sent(req.DesiredNodes):
		return cur, fieldError("desiredNodes", "Given data (%d) is not between minNodes (%d) and maxNodes (%d)", s.desired, s.min, s.max)
	case s.desired > s.max:
		return cur, fieldError("maxNodes", "Given data (%d) is lower than the current desiredNodes (%d)", s.max, s.desired)
	case s.desired < s.min:
		return cur, fieldError("minNodes", "Given data (%d) is greater than the current desiredNodes (%d)", s.min, s.desired)
	}
	return s, nil
}

func (ps *poolState) sizes() poolSizes {
	return poolSizes{desired: ps.p.DesiredNodes, min: ps.p.MinNodes, max: ps.p.MaxNodes}
}

func (a *autoscalingChange) applyTo(cur NodePoolAutoscaling) NodePoolAutoscaling {
	if a == nil {
		return cur
	}
	cur.ScaleDownUnneededTimeSeconds = deref(a.ScaleDownUnneededTimeSeconds, cur.ScaleDownUnneededTimeSeconds)
	cur.ScaleDownUnreadyTimeSeconds = deref(a.ScaleDownUnreadyTimeSeconds, cur.ScaleDownUnreadyTimeSeconds)
	cur.ScaleDownUtilizationThreshold = deref(a.ScaleDownUtilizationThreshold, cur.ScaleDownUtilizationThreshold)
	return cur
}

var defaultAutoscaling = NodePoolAutoscaling{
	ScaleDownUnneededTimeSeconds:  DefaultScaleDownUnneededTimeSeconds,
	ScaleDownUnreadyTimeSeconds:   DefaultScaleDownUnreadyTimeSeconds,
	ScaleDownUtilizationThreshold: DefaultScaleDownUtilizationThreshold,
}

// checkFloatingIPs refuses to enable floating IPs outside the Standard
// plan, where a user's script met the API's 422 "attachFloatingIps must be
// null or unset" (API-MKS.md §1.7); disabling them is harmless anywhere.
func checkFloatingIPs(plan string, f *AttachFloatingIPs) error {
	if f != nil && f.Enabled && plan != "standard" {
		return fieldError("attachFloatingIps", "Floating IPs can only be attached to the nodes of a cluster of the standard plan")
	}
	return nil
}

// floatingIPs is what the pool shows: null outside the Standard plan.
func floatingIPs(plan string, sent, cur *AttachFloatingIPs) *AttachFloatingIPs {
	switch {
	case plan != "standard":
		return nil
	case sent != nil:
		return &AttachFloatingIPs{Enabled: sent.Enabled}
	case cur != nil:
		return clonePtr(cur)
	}
	return &AttachFloatingIPs{}
}

// visiblePool returns the pool named by the path, as long as the API would
// show it.
func (m *Mock) visiblePool(c *call) (*clusterState, *poolState, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, nil, err
	}
	id := c.params["nodePoolId"]
	ps := cs.lookupPool(id, c.now)
	if ps == nil || c.now.Before(ps.visibleAt) {
		return nil, nil, notFound("Node pool %s does not exist in cluster %s", id, cs.c.ID)
	}
	return cs, ps, nil
}

// changeablePool returns the pool named by the path if both it and its
// cluster accept a change.
func (m *Mock) changeablePool(c *call, allowFailed bool) (*clusterState, *poolState, error) {
	cs, ps, err := m.visiblePool(c)
	if err != nil {
		return nil, nil, err
	}
	if err := cs.busy(false); err != nil {
		return nil, nil, err
	}
	if err := ps.busy(allowFailed); err != nil {
		return nil, nil, err
	}
	return cs, ps, nil
}

func (m *Mock) listNodePools(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	out := []NodePool{}
	for _, ps := range cs.allPools(c.now) {
		if !c.now.Before(ps.visibleAt) {
			out = append(out, ps.view(cs.c.Version))
		}
	}
	return out, nil
}

func (m *Mock) createNodePool(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req nodePoolCreation
	if err := decodeBody(c.body, m.schemas.nodePoolCreate, &req); err != nil {
		return nil, err
	}
	antiAffinity := deref(req.AntiAffinity, false)
	defaultMax := maxPoolNodes
	if antiAffinity {
		defaultMax = maxAntiAffinityNodes
	}
	lowest, highest := deref(req.MinNodes, 0), deref(req.MaxNodes, defaultMax)
	defaults := poolSizes{desired: max(lowest, min(1, highest)), min: 0, max: defaultMax}
	var size poolSizes
	var zones []string
	for _, check := range []func() error{
		func() error { return m.checkFlavor(cs.c.Region, req.FlavorName) },
		func() (err error) { zones, err = m.checkZones(cs.c.Region, req.AvailabilityZones); return err },
		func() (err error) { size, err = checkSizes(req.nodePoolSizes, defaults); return err },
		func() error { return checkFloatingIPs(cs.c.Plan, req.AttachFloatingIPs) },
	} {
		if err := check(); err != nil {
			return nil, err
		}
	}
	cs.allPools(c.now) // forgets finished deletions, whose names are free again
	if req.Name != nil && cs.poolNamed(*req.Name) != nil {
		return nil, conflict("A node pool named %s already exists in cluster %s", *req.Name, cs.c.ID)
	}

	t := m.opts.Timings
	project := c.params["serviceName"]
	clusterName := m.ids.names[idKey(project, cs.c.ID)]
	id, occurrence := m.ids.newPoolID(m.opts.Faults.Seed, project, clusterName, deref(req.Name, ""), func(id string) bool {
		_, known := m.ids.pools[childKey(project, cs.c.ID, id)]
		return known
	})
	template := NodePoolTemplate{}
	if req.Template != nil {
		template = *req.Template
	}
	ps := &poolState{
		p: NodePool{
			ID: id, ProjectID: project, Name: deref(req.Name, cs.defaultPoolName(id)), Flavor: req.FlavorName,
			Autoscale: deref(req.Autoscale, false), AntiAffinity: antiAffinity, MonthlyBilled: deref(req.MonthlyBilled, false),
			Autoscaling:       req.Autoscaling.applyTo(defaultAutoscaling),
			AvailabilityZones: zones,
			AttachFloatingIPs: floatingIPs(cs.c.Plan, req.AttachFloatingIPs, nil),
			DesiredNodes:      size.desired, MinNodes: size.min, MaxNodes: size.max,
			Template:  template.normalised(),
			CreatedAt: timestamp(c.now),
		},
		visibleAt: c.now.Add(t.NotFoundAfterCreate),
	}
	m.addPool(m.ids, project, cs, ps)
	m.newNodes(m.ids, project, cs, ps, size.desired, StatusInstalling, c.now)
	then := StatusReady
	if m.drawPoolInstallFailure(project, clusterName, deref(req.Name, ""), occurrence) {
		then = StatusError
	}
	ps.start(c.now, StatusInstalling, t.NotFoundAfterCreate+t.NodePoolInstall, then, "")
	answer := ps.view(cs.c.Version)
	answer.ProjectID = "" // as in the creation answer the public guide shows
	return answer, nil
}

func (m *Mock) getNodePool(c *call) (any, error) {
	cs, ps, err := m.visiblePool(c)
	if err != nil {
		return nil, err
	}
	return ps.view(cs.c.Version), nil
}

func (m *Mock) putNodePool(c *call) (any, error) {
	cs, ps, err := m.changeablePool(c, false)
	if err != nil {
		return nil, err
	}
	var req nodePoolUpdate
	if err := decodeBody(c.body, m.schemas.nodePoolUpdate, &req); err != nil {
		return nil, err
	}
	size, err := checkSizes(req.nodePoolSizes, ps.sizes())
	if err != nil {
		return nil, err
	}
	if err := checkFloatingIPs(cs.c.Plan, req.AttachFloatingIPs); err != nil {
		return nil, err
	}
	remove, err := ps.pickRemoval(size.desired, req.NodesToRemove)
	if err != nil {
		return nil, err
	}
	from := ps.p.DesiredNodes
	m.resize(c.params["serviceName"], cs, ps, size.desired, remove, c.now)
	p := &ps.p
	p.MinNodes, p.MaxNodes = size.min, size.max
	p.Autoscale = deref(req.Autoscale, p.Autoscale)
	p.Autoscaling = req.Autoscaling.applyTo(p.Autoscaling)
	p.AttachFloatingIPs = floatingIPs(cs.c.Plan, req.AttachFloatingIPs, p.AttachFloatingIPs)
	if req.Template != nil {
		p.Template = req.Template.normalised()
	}
	m.startResize(ps, from, c.now)
	return nil, nil
}

// startResize starts the transition of a change to the pool: UPSCALING or
// DOWNSCALING when the number of nodes changes, UPDATING otherwise.
func (m *Mock) startResize(ps *poolState, from int, now time.Time) {
	status, d := resizeStatus(from, ps.p.DesiredNodes), m.opts.Timings.NodePoolResize
	if status == StatusUpdating {
		d = m.opts.Timings.NodePoolUpdate
	}
	ps.start(now, status, d, StatusReady, "")
}

func (m *Mock) deleteNodePool(c *call) (any, error) {
	_, ps, err := m.changeablePool(c, true)
	if err != nil {
		return nil, err
	}
	for _, n := range ps.nodes {
		n.Status, n.UpdatedAt = StatusDeleting, timestamp(c.now)
	}
	ps.start(c.now, StatusDeleting, m.opts.Timings.NodePoolDelete, "", "")
	return nil, nil
}

func history(c *call) bool { return c.r.URL.Query().Get("history") == "true" }

func (m *Mock) listPoolNodes(c *call) (any, error) {
	cs, ps, err := m.visiblePool(c)
	if err != nil {
		return nil, err
	}
	return m.page(c, ps.nodeViews(cs.c.Version, history(c)))
}

// visiblePools returns the pools a read through the API shows.
func (cs *clusterState) visiblePools(now time.Time) []*poolState {
	var out []*poolState
	for _, ps := range cs.allPools(now) {
		if !now.Before(ps.visibleAt) {
			out = append(out, ps)
		}
	}
	return out
}

// listNodes answers the nodes of every pool, in pool order; with history,
// the DELETED nodes instead, most recently deleted first, as the schema
// describes the parameter.
func (m *Mock) listNodes(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	out := []Node{}
	for _, ps := range cs.visiblePools(c.now) {
		out = append(out, ps.nodeViews(cs.c.Version, history(c))...)
	}
	if history(c) {
		slices.SortStableFunc(out, func(a, b Node) int { return b.DeletedAt.Compare(*a.DeletedAt) })
	}
	return m.page(c, out)
}

// findNode returns the node named by the path among the visible pools.
func (m *Mock) findNode(c *call) (*clusterState, *poolState, *Node, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, nil, nil, err
	}
	id := c.params["nodeId"]
	for _, ps := range cs.visiblePools(c.now) {
		for _, n := range ps.nodes {
			if n.ID == id {
				return cs, ps, n, nil
			}
		}
	}
	return nil, nil, nil, notFound("Node %s does not exist in cluster %s", id, cs.c.ID)
}

func (m *Mock) getNode(c *call) (any, error) {
	cs, _, n, err := m.findNode(c)
	if err != nil {
		return nil, err
	}
	return nodeView(n, cs.c.Version), nil
}

// deleteNode removes one node and lowers desiredNodes by one, as a PUT
// naming it in nodesToRemove would.
func (m *Mock) deleteNode(c *call) (any, error) {
	cs, ps, n, err := m.findNode(c)
	if err != nil {
		return nil, err
	}
	if err := cs.busy(false); err != nil {
		return nil, err
	}
	if err := ps.busy(false); err != nil {
		return nil, err
	}
	// Nothing says the API refuses to go below minNodes here: the mock's
	// choice is that minNodes follows desiredNodes down.
	from := ps.p.DesiredNodes
	ps.p.MinNodes = min(ps.p.MinNodes, from-1)
	m.resize(c.params["serviceName"], cs, ps, from-1, []*Node{n}, c.now)
	m.startResize(ps, from, c.now)
	return nil, nil
}
