package ovhmock

import (
	"fmt"
	"slices"
	"time"
)

// poolState is a node pool as the mock holds it. Unlike clusters, pools
// are never read stale: the public sources describe no such delay for them.
type poolState struct {
	p         NodePool // the derived counts are filled by view
	seq       int      // creation order within the cluster
	visibleAt time.Time
	op        *poolOp
	nodes     []*Node // existing nodes, oldest first; DELETING ones included
	deleted   []Node  // DELETED nodes, in order of removal, for ?history=true
}

// poolOp is a transient pool status waiting for its end. Nodes follow the
// pool: at the end, INSTALLING and REDEPLOYING nodes are deployed and
// DELETING ones are gone.
type poolOp struct {
	until   time.Time
	then    string // status at the end; "" when the pool is then gone
	version string // when set, every node runs it at the end
}

// advance applies what time has done, as clusterState.advance does. It
// reports false once the pool is gone.
func (ps *poolState) advance(now time.Time) bool {
	if ps.op == nil || now.Before(ps.op.until) {
		return true
	}
	op := ps.op
	ps.op = nil
	if op.then == "" {
		return false
	}
	at := timestamp(op.until)
	live := ps.nodes[:0]
	for _, n := range ps.nodes {
		if n.Status == StatusDeleting {
			ps.retire(n, at)
			continue
		}
		if n.Status == StatusInstalling || n.Status == StatusRedeploying {
			n.Status, n.UpdatedAt = StatusReady, at
			n.DeployedAt = &at
			if op.then == StatusError {
				n.Status, n.DeployedAt = StatusError, nil
			}
			n.showInstance()
		}
		if op.version != "" && n.Version != op.version {
			n.Version, n.UpdatedAt = op.version, at
		}
		live = append(live, n)
	}
	ps.nodes = live
	ps.p.Status, ps.p.UpdatedAt = op.then, at
	return true
}

// retire moves a node to the history.
func (ps *poolState) retire(n *Node, at time.Time) {
	d := n.clone()
	d.Status, d.UpdatedAt, d.DeletedAt = StatusDeleted, at, &at
	ps.deleted = append(ps.deleted, d)
}

// showInstance gives the node the server reserved for it, once its
// installation has ended.
func (n *Node) showInstance() {
	if n.InstanceID == nil && n.instance != "" {
		n.InstanceID = &n.instance
	}
}

// settle ends the transition in progress at once, so that a cluster-wide
// change (deletion, reset, upgrade) starts from a stable pool. It reports
// false if the pool is then gone.
func (ps *poolState) settle(now time.Time) bool {
	if ps.op != nil && now.Before(ps.op.until) {
		ps.op.until = now
	}
	return ps.advance(now)
}

// start puts the pool in a transient status for d.
func (ps *poolState) start(now time.Time, status string, d time.Duration, then, version string) {
	ps.p.Status, ps.p.UpdatedAt = status, timestamp(now)
	ps.op = &poolOp{until: now.Add(d), then: then, version: version}
}

// busy reports why a pool refuses changes, or nil. A failed pool can still
// be deleted.
func (ps *poolState) busy(allowFailed bool) error {
	s := ps.p.Status
	if ps.op == nil && (s == StatusReady || allowFailed && failedPoolStatus(s)) {
		return nil
	}
	return conflict("Node pool %s is in status %s; retry once it is %s", ps.p.ID, s, StatusReady)
}

// view is the pool with the counts its nodes give.
func (ps *poolState) view(clusterVersion string) NodePool {
	p := ps.p.clone()
	p.CurrentNodes, p.AvailableNodes, p.UpToDateNodes = len(ps.nodes), 0, 0
	for _, n := range ps.nodes {
		if n.Status == StatusReady {
			p.AvailableNodes++
		}
		if n.Version == clusterVersion {
			p.UpToDateNodes++
		}
	}
	switch {
	case p.CurrentNodes > p.DesiredNodes:
		p.SizeStatus = SizeOverCapacity
	case p.AvailableNodes < p.DesiredNodes:
		p.SizeStatus = SizeUnderCapacity
	default:
		p.SizeStatus = SizeCapacityOK
	}
	return p
}

func nodeView(n *Node, clusterVersion string) Node {
	v := n.clone()
	v.IsUpToDate = v.Version == clusterVersion
	return v
}

// nodeViews lists the pool's nodes, oldest first; with history, its
// DELETED nodes instead, most recently deleted first.
func (ps *poolState) nodeViews(clusterVersion string, history bool) []Node {
	out := []Node{}
	if history {
		for _, d := range slices.Backward(ps.deleted) {
			out = append(out, d.clone())
		}
		return out
	}
	for _, n := range ps.nodes {
		out = append(out, nodeView(n, clusterVersion))
	}
	return out
}

// kept returns the nodes that are not being removed.
func (ps *poolState) kept() []*Node {
	var out []*Node
	for _, n := range ps.nodes {
		if n.Status != StatusDeleting {
			out = append(out, n)
		}
	}
	return out
}

// lookupPool returns a pool that still exists, forgetting it once its
// deletion has completed. The caller holds m.mu.
func (cs *clusterState) lookupPool(id string, now time.Time) *poolState {
	ps := cs.pools[id]
	if ps == nil {
		return nil
	}
	if !ps.advance(now) {
		delete(cs.pools, id)
		return nil
	}
	return ps
}

// allPools returns the cluster's existing pools in creation order.
func (cs *clusterState) allPools(now time.Time) []*poolState {
	var out []*poolState
	for id := range cs.pools {
		if ps := cs.lookupPool(id, now); ps != nil {
			out = append(out, ps)
		}
	}
	slices.SortFunc(out, func(a, b *poolState) int { return a.seq - b.seq })
	return out
}

// addPool stores a new pool and registers its id for fault keys.
func (m *Mock) addPool(ids idRegistry, project string, cs *clusterState, ps *poolState) {
	if cs.pools == nil {
		cs.pools = map[string]*poolState{}
	}
	cs.poolSeq++
	ps.seq = cs.poolSeq
	cs.pools[ps.p.ID] = ps
	ids.registerPool(project, cs.c.ID, ps.p.ID, ps.p.Name)
}

// nodeTaken reports whether a node id is used in the cluster, history
// included.
func (cs *clusterState) nodeTaken(id string) bool {
	for _, ps := range cs.pools {
		for _, n := range ps.nodes {
			if n.ID == id {
				return true
			}
		}
		for _, d := range ps.deleted {
			if d.ID == id {
				return true
			}
		}
	}
	return false
}

// newNodes adds count nodes to the pool in the given status.
func (m *Mock) newNodes(ids idRegistry, project string, cs *clusterState, ps *poolState, count int, status string, now time.Time) {
	at := timestamp(now)
	for range count {
		id, instance, suffix := ids.newNode(m.opts.Faults.Seed, project, cs.c.ID, ps.p.ID, cs.nodeTaken)
		n := &Node{
			ID: id, Name: ps.p.Name + "-node-" + suffix, instance: instance,
			NodePoolID: ps.p.ID, ProjectID: project, Flavor: ps.p.Flavor, Status: status,
			Version: cs.c.Version, CreatedAt: at, UpdatedAt: at,
		}
		if status != StatusInstalling {
			n.showInstance()
		}
		if status == StatusReady {
			n.DeployedAt = &at
		}
		ps.nodes = append(ps.nodes, n)
		ids.registerNode(project, cs.c.ID, id, ps.p.Name)
	}
}

// resize moves the pool to desired nodes: new INSTALLING nodes, or the
// nodes of remove (chosen by pickRemoval) marked DELETING.
func (m *Mock) resize(project string, cs *clusterState, ps *poolState, desired int, remove []*Node, now time.Time) {
	if n := desired - len(ps.kept()); n > 0 {
		m.newNodes(m.ids, project, cs, ps, n, StatusInstalling, now)
	}
	for _, n := range remove {
		n.Status, n.UpdatedAt = StatusDeleting, timestamp(now)
	}
	ps.p.DesiredNodes = desired
}

// pickRemoval chooses the nodes that go when the pool shrinks to desired:
// the named ones (see namedBy), then the newest. A name that is not a node
// of the pool is refused, as an unknown object is; where the schema says
// nothing, the mock's choice: a node named twice counts once, and names
// beyond what the shrink removes are ignored, in the order given.
func (ps *poolState) pickRemoval(desired int, named []string) ([]*Node, error) {
	kept := ps.kept()
	count := max(0, len(kept)-desired)
	var out []*Node
	for _, name := range named {
		i := slices.IndexFunc(kept, func(n *Node) bool { return n.namedBy(name) })
		if i < 0 {
			return nil, fieldError("nodesToRemove", "Given data (%s) is not a node of node pool %s", name, ps.p.Name)
		}
		if len(out) < count && !slices.Contains(out, kept[i]) {
			out = append(out, kept[i])
		}
	}
	for _, n := range slices.Backward(kept) {
		if len(out) == count {
			break
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// providerIDPrefix starts the Kubernetes provider id (Node.Spec.providerID)
// of an OpenStack server: openstack:///<instance id>.
const providerIDPrefix = "openstack:///"

// namedBy reports whether an entry of nodesToRemove names the node: the
// schema lists node ids, OpenStack instance ids and Kubernetes provider ids;
// the node's name is accepted too, as an older description of the member
// had it.
func (n *Node) namedBy(name string) bool {
	if n.ID == name || n.Name == name {
		return true
	}
	if n.InstanceID == nil {
		return false
	}
	return *n.InstanceID == name || providerIDPrefix+*n.InstanceID == name
}

// resizeStatus is the transient status of a change to desired nodes.
func resizeStatus(from, to int) string {
	switch {
	case to > from:
		return StatusUpscaling
	case to < from:
		return StatusDownscaling
	}
	return StatusUpdating
}

// resumePool gives a pool loaded in a transient status the end it would
// have had, as resume does for clusters.
func (m *Mock) resumePool(ps *poolState, now time.Time) {
	t := m.opts.Timings
	durations := map[string]time.Duration{
		StatusInstalling:  t.NodePoolInstall,
		StatusUpscaling:   t.NodePoolResize,
		StatusDownscaling: t.NodePoolResize,
		StatusUpdating:    t.NodePoolUpdate,
		StatusRedeploying: t.Redeploy,
		StatusResetting:   t.Reset,
		StatusDeleting:    t.NodePoolDelete,
	}
	d, transient := durations[ps.p.Status]
	ps.op = nil
	if !transient {
		return
	}
	then := StatusReady
	if ps.p.Status == StatusDeleting {
		then = ""
	}
	ps.op = &poolOp{until: now.Add(d), then: then}
}

// settlePools ends every pool transition of the cluster before a
// cluster-wide change. The caller holds m.mu.
func (cs *clusterState) settlePools(now time.Time) []*poolState {
	var out []*poolState
	for id, ps := range cs.pools {
		if !ps.settle(now) {
			delete(cs.pools, id)
			continue
		}
		out = append(out, ps)
	}
	return out
}

// poolsFollowDeletion deletes the pools with their cluster.
func (m *Mock) poolsFollowDeletion(cs *clusterState, now, until time.Time) {
	for _, ps := range cs.settlePools(now) {
		for _, n := range ps.nodes {
			n.Status, n.UpdatedAt = StatusDeleting, timestamp(now)
		}
		ps.start(now, StatusDeleting, until.Sub(now), "", "")
	}
}

// poolsFollowReset applies a reset's workerNodesPolicy to the pools. The
// cluster already has its new version.
func (m *Mock) poolsFollowReset(project string, cs *clusterState, policy string, now, until time.Time) {
	if policy == "delete" && m.opts.ResetNodePools == ResetDeleteNodePools {
		m.poolsFollowDeletion(cs, now, until)
		return
	}
	for _, ps := range cs.settlePools(now) {
		if policy == "reinstall" {
			reinstall(ps, now)
		} else {
			for _, n := range ps.nodes {
				ps.retire(n, timestamp(now))
			}
			ps.nodes = nil
			m.newNodes(m.ids, project, cs, ps, ps.p.DesiredNodes, StatusInstalling, now)
		}
		ps.start(now, StatusRedeploying, until.Sub(now), StatusReady, cs.c.Version)
	}
}

// reinstall keeps the nodes and their ids, and redeploys them.
func reinstall(ps *poolState, now time.Time) {
	for _, n := range ps.nodes {
		n.Status, n.UpdatedAt, n.DeployedAt = StatusRedeploying, timestamp(now), nil
	}
}

// poolsFollowCredentialReset reinstalls the nodes of the working pools, as
// POST /kubeconfig/reset does.
func (m *Mock) poolsFollowCredentialReset(cs *clusterState, now time.Time) {
	for _, ps := range cs.settlePools(now) {
		if failedPoolStatus(ps.p.Status) {
			continue
		}
		reinstall(ps, now)
		ps.start(now, StatusRedeploying, m.opts.Timings.Redeploy, StatusReady, "")
	}
}

// poolsFollowUpgrade moves the nodes of the working pools to the cluster's
// new version, all at the end of the cluster's update.
func (m *Mock) poolsFollowUpgrade(cs *clusterState, now, until time.Time) {
	for _, ps := range cs.settlePools(now) {
		if failedPoolStatus(ps.p.Status) {
			continue
		}
		ps.start(now, StatusUpdating, until.Sub(now), StatusReady, cs.c.Version)
	}
}

// defaultPoolName names a pool created without a name: "nodepool-" and
// the start of its id, longer if a pool of the cluster already has it.
func (cs *clusterState) defaultPoolName(id string) string {
	for _, n := range []int{8, 13, 18, 23, len(id)} {
		name := "nodepool-" + id[:min(n, len(id))]
		if cs.poolNamed(name) == nil {
			return name
		}
	}
	return fmt.Sprintf("nodepool-%s-%d", id, cs.poolSeq+1)
}

// poolNamed returns the existing pool of that name, if any.
func (cs *clusterState) poolNamed(name string) *poolState {
	for _, ps := range cs.pools {
		if ps.p.Name == name {
			return ps
		}
	}
	return nil
}
