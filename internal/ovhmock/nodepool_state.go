package ovhmock

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// savedNodePool is a node pool in a state file: the API's object and its
// nodes. Nodes left out (null) are generated, desiredNodes of them.
type savedNodePool struct {
	NodePool
	Nodes []Node `json:"nodes"`
}

func (m *Mock) findPool(project, kubeID, id string) (*clusterState, *poolState) {
	cs := m.find(project, kubeID)
	if cs == nil {
		return nil, nil
	}
	ps := cs.lookupPool(id, m.opts.Now())
	if ps == nil {
		return nil, nil
	}
	return cs, ps
}

// NodePools returns snapshots of a cluster's node pools in creation order:
// the truth, including pools the API does not show yet. Pools whose
// deletion has completed are gone.
func (m *Mock) NodePools(project, kubeID string) []NodePool {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return nil
	}
	var out []NodePool
	for _, ps := range cs.allPools(m.opts.Now()) {
		out = append(out, ps.view(cs.c.Version))
	}
	return out
}

// NodePool returns a snapshot of one node pool, as NodePools does.
func (m *Mock) NodePool(project, kubeID, id string) (NodePool, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs, ps := m.findPool(project, kubeID, id)
	if ps == nil {
		return NodePool{}, false
	}
	return ps.view(cs.c.Version), true
}

// Nodes returns snapshots of the nodes of every pool of a cluster, the
// DELETING ones included, pool after pool, oldest first.
func (m *Mock) Nodes(project, kubeID string) []Node {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return nil
	}
	var out []Node
	for _, ps := range cs.allPools(m.opts.Now()) {
		out = append(out, ps.nodeViews(cs.c.Version, false)...)
	}
	return out
}

// AddNodePool preloads a node pool in a cluster, visible at once, and
// returns it. Empty members get defaults: an id generated as a creation's
// is, the name "nodepool-" and the start of the id, the region's first
// flavor, status READY, maxNodes 100 (5 with anti-affinity), the default
// autoscaling values for each zero one, no zones, and desiredNodes nodes
// (INSTALLING in an INSTALLING pool, READY otherwise). A pool added in a
// transient status completes it after the matching timing.
func (m *Mock) AddNodePool(project, kubeID string, p NodePool) (NodePool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return NodePool{}, fmt.Errorf("ovhmock: no cluster %s in project %s", kubeID, project)
	}
	now := m.opts.Now()
	cs.allPools(now)
	ids := m.ids.clone()
	ps, err := m.preparePool(ids, project, cs, savedNodePool{NodePool: p}, now)
	if err != nil {
		return NodePool{}, err
	}
	m.addPool(ids, project, cs, ps)
	m.ids = ids
	return ps.view(cs.c.Version), nil
}

// ModifyNodePool changes a node pool out of band, as someone using the
// OVHcloud console would. Setting Status ends any transition in progress;
// changing DesiredNodes adds READY nodes or removes the newest ones at once.
// The counts and SizeStatus are always computed from the nodes, so changing
// them has no effect. Nothing else is validated.
func (m *Mock) ModifyNodePool(project, kubeID, id string, fn func(*NodePool)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs, ps := m.findPool(project, kubeID, id)
	if ps == nil {
		return fmt.Errorf("ovhmock: no node pool %s in cluster %s of project %s", id, kubeID, project)
	}
	p := ps.view(cs.c.Version)
	fn(&p)
	switch {
	case p.ID != ps.p.ID:
		return errors.New("ovhmock: ModifyNodePool cannot change a node pool's id")
	case p.DesiredNodes < 0:
		return fmt.Errorf("ovhmock: desiredNodes %d is negative", p.DesiredNodes)
	}
	if p.Status != ps.p.Status {
		ps.op = nil
	}
	now := m.opts.Now()
	desired := p.DesiredNodes
	p.DesiredNodes = ps.p.DesiredNodes
	p.Template = p.Template.normalised()
	if p.AvailabilityZones == nil {
		p.AvailabilityZones = []string{}
	}
	ps.p = p.clone()
	kept := ps.kept()
	if desired > len(kept) {
		m.newNodes(m.ids, project, cs, ps, desired-len(kept), StatusReady, now)
	}
	for _, n := range kept[min(desired, len(kept)):] {
		ps.retire(n, timestamp(now))
		ps.nodes = slices.DeleteFunc(ps.nodes, func(x *Node) bool { return x == n })
	}
	ps.p.DesiredNodes = desired
	return nil
}

// RemoveNodePool deletes a node pool out of band: it is gone at once.
func (m *Mock) RemoveNodePool(project, kubeID, id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs, ps := m.findPool(project, kubeID, id)
	if ps == nil {
		return false
	}
	delete(cs.pools, id)
	return true
}

// Autoscale acts as the cluster autoscaler: it sets desiredNodes of a READY
// pool with autoscale on, within its minNodes and maxNodes, and the pool
// goes UPSCALING or DOWNSCALING as after a PUT.
func (m *Mock) Autoscale(project, kubeID, id string, desired int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs, ps := m.findPool(project, kubeID, id)
	switch {
	case ps == nil:
		return fmt.Errorf("ovhmock: no node pool %s in cluster %s of project %s", id, kubeID, project)
	case !ps.p.Autoscale:
		return fmt.Errorf("ovhmock: node pool %s does not autoscale", id)
	case desired < ps.p.MinNodes || desired > ps.p.MaxNodes:
		return fmt.Errorf("ovhmock: %d nodes is outside [%d, %d]", desired, ps.p.MinNodes, ps.p.MaxNodes)
	}
	if err := ps.busy(false); err != nil {
		return fmt.Errorf("ovhmock: %w", err)
	}
	from := ps.p.DesiredNodes
	if desired == from {
		return nil
	}
	remove, err := ps.pickRemoval(desired, nil)
	if err != nil {
		return err
	}
	now := m.opts.Now()
	m.resize(project, cs, ps, desired, remove, now)
	m.startResize(ps, from, now)
	return nil
}

// preparePool fills the defaults of a preloaded pool and refuses what the
// API could never have returned. The caller holds m.mu.
func (m *Mock) preparePool(ids idRegistry, project string, cs *clusterState, s savedNodePool, now time.Time) (*poolState, error) {
	p := s.clone()
	if p.ID == "" {
		clusterName, known := ids.names[idKey(project, cs.c.ID)]
		if !known {
			clusterName = cs.c.Name // a cluster being loaded, not yet registered
		}
		p.ID, _ = ids.newPoolID(m.opts.Faults.Seed, project, clusterName, p.Name, func(id string) bool {
			_, known := ids.pools[childKey(project, cs.c.ID, id)]
			return known
		})
	}
	fail := func(format string, args ...any) (*poolState, error) {
		return nil, fmt.Errorf("ovhmock: node pool %s of cluster %s: %s", p.ID, cs.c.ID, fmt.Sprintf(format, args...))
	}
	if strings.Contains(p.ID, "/") {
		return fail("an id cannot contain /")
	}
	if cs.pools[p.ID] != nil {
		return fail("the id is taken")
	}
	p.ProjectID = project
	p.Name = cmpOr(p.Name, cs.defaultPoolName(p.ID))
	if cs.poolNamed(p.Name) != nil {
		return fail("another pool is named %s", p.Name)
	}
	if p.Flavor == "" {
		if flavors := m.flavorsOf(cs.c.Region); len(flavors) > 0 {
			p.Flavor = flavors[0].Name
		}
	}
	p.Status = cmpOr(p.Status, StatusReady)
	if !slices.Contains(knownPoolStatuses, p.Status) {
		return fail("%q is not one of %s", p.Status, strings.Join(knownPoolStatuses, ", "))
	}
	if p.MaxNodes == 0 {
		p.MaxNodes = maxPoolNodes
		if p.AntiAffinity {
			p.MaxNodes = maxAntiAffinityNodes
		}
	}
	if p.MinNodes < 0 || p.MinNodes > p.DesiredNodes || p.DesiredNodes > p.MaxNodes {
		return fail("sizes min %d, desired %d, max %d are not in order", p.MinNodes, p.DesiredNodes, p.MaxNodes)
	}
	a := &p.Autoscaling
	a.ScaleDownUnneededTimeSeconds = cmpOrZero(a.ScaleDownUnneededTimeSeconds, DefaultScaleDownUnneededTimeSeconds)
	a.ScaleDownUnreadyTimeSeconds = cmpOrZero(a.ScaleDownUnreadyTimeSeconds, DefaultScaleDownUnreadyTimeSeconds)
	a.ScaleDownUtilizationThreshold = cmpOrZero(a.ScaleDownUtilizationThreshold, DefaultScaleDownUtilizationThreshold)
	p.AvailabilityZones = cmpOr(p.AvailabilityZones, []string{})
	p.AttachFloatingIPs = floatingIPs(cs.c.Plan, p.AttachFloatingIPs, nil)
	p.Template = p.Template.normalised()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = timestamp(now)
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = p.CreatedAt
	}
	ps := &poolState{p: p}
	if s.Nodes == nil {
		status := StatusReady
		if p.Status == StatusInstalling || p.Status == StatusDeleting {
			status = p.Status
		}
		m.newNodes(ids, project, cs, ps, p.DesiredNodes, status, now)
	}
	for _, n := range s.Nodes {
		if err := m.prepareNode(ids, project, cs, ps, n.clone(), now); err != nil {
			return fail("%v", err)
		}
	}
	if kept := len(ps.kept()); s.Nodes != nil && kept != p.DesiredNodes {
		return fail("%d nodes that are not DELETING, for desiredNodes %d", kept, p.DesiredNodes)
	}
	m.resumePool(ps, now)
	return ps, nil
}

// prepareNode adds a node of a state file to the pool, with defaults for
// what it leaves out.
func (m *Mock) prepareNode(ids idRegistry, project string, cs *clusterState, ps *poolState, n Node, now time.Time) error {
	n.Status = cmpOr(n.Status, StatusReady)
	if n.ID == "" || n.Name == "" || n.InstanceID == nil {
		id, instance, suffix := ids.newNode(m.opts.Faults.Seed, project, cs.c.ID, ps.p.ID, cs.nodeTaken)
		n.ID = cmpOr(n.ID, id)
		if n.InstanceID == nil {
			// An INSTALLING node shows its server once installed.
			n.instance = instance
			if n.Status != StatusInstalling {
				n.showInstance()
			}
		}
		n.Name = cmpOr(n.Name, ps.p.Name+"-node-"+suffix)
	}
	if n.NodePoolID != "" && n.NodePoolID != ps.p.ID {
		return fmt.Errorf("node %s names node pool %s", n.ID, n.NodePoolID)
	}
	if cs.nodeTaken(n.ID) || slices.ContainsFunc(ps.nodes, func(x *Node) bool { return x.ID == n.ID }) {
		return fmt.Errorf("node %s appears twice", n.ID)
	}
	n.NodePoolID, n.ProjectID = ps.p.ID, project
	n.Flavor = cmpOr(n.Flavor, ps.p.Flavor)
	if !slices.Contains(knownNodeStatuses, n.Status) || n.Status == StatusDeleted {
		return fmt.Errorf("node %s: status %q is not one of an existing node", n.ID, n.Status)
	}
	n.Version = cmpOr(n.Version, cs.c.Version)
	n.IsUpToDate = false
	if n.CreatedAt.IsZero() {
		n.CreatedAt = timestamp(now)
	}
	if n.UpdatedAt.IsZero() {
		n.UpdatedAt = n.CreatedAt
	}
	n.DeletedAt = nil // only DELETED nodes have one, and a state file holds none
	if n.Status == StatusReady && n.DeployedAt == nil {
		at := n.CreatedAt
		n.DeployedAt = &at
	}
	ps.nodes = append(ps.nodes, &n)
	ids.registerNode(project, cs.c.ID, n.ID, ps.p.Name)
	return nil
}

func cmpOrZero[T int | float64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// savedPools is the cluster's pools as SaveState writes them.
func (cs *clusterState) savedPools(now time.Time) []savedNodePool {
	var out []savedNodePool
	for _, ps := range cs.allPools(now) {
		sp := savedNodePool{NodePool: ps.view(cs.c.Version), Nodes: []Node{}}
		for _, n := range ps.nodes {
			sp.Nodes = append(sp.Nodes, nodeView(n, cs.c.Version))
		}
		out = append(out, sp)
	}
	return out
}
