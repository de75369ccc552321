package ovhmock

import (
	"crypto/rand"
	"crypto/sha1"
	"math/big"
	"strings"
)

// Defaults the API applies to what a creation or a reset leaves out.
const (
	defaultPlan             = "free"
	defaultUpdatePolicy     = "ALWAYS_UPDATE"
	defaultPodsIPv4CIDR     = "10.2.0.0/16"
	defaultServicesIPv4CIDR = "10.3.0.0/16"
)

// clusterSettings are the members shared by the creation and reset objects.
// Pointers tell a member left out from one sent empty.
type clusterSettings struct {
	Name                        *string                      `json:"name"`
	Version                     *string                      `json:"version"`
	UpdatePolicy                *string                      `json:"updatePolicy"`
	KubeProxyMode               *string                      `json:"kubeProxyMode"`
	Customization               *Customization               `json:"customization"`
	PrivateNetworkID            *string                      `json:"privateNetworkId"`
	PrivateNetworkConfiguration *PrivateNetworkConfiguration `json:"privateNetworkConfiguration"`
	NodesSubnetID               *string                      `json:"nodesSubnetId"`
	LoadBalancersSubnetID       *string                      `json:"loadBalancersSubnetId"`
	IPAllocationPolicy          *IPAllocationPolicy          `json:"ipAllocationPolicy"`
}

// createRequest is what the mock reads of a cluster creation; nodepool and
// nodepools are accepted but not read (the pools are not created).
type createRequest struct {
	clusterSettings
	Region string  `json:"region"`
	Plan   *string `json:"plan"`
}

type resetRequest struct {
	clusterSettings
	WorkerNodesPolicy *string `json:"workerNodesPolicy"`
}

// putClusterRequest is the body of PUT /kube/{kubeId}.
type putClusterRequest struct {
	Name         *string `json:"name"`
	UpdatePolicy *string `json:"updatePolicy"`
}

// upgradeRequest is the body of POST /update.
type upgradeRequest struct {
	Strategy *string `json:"strategy"`
	Force    *bool   `json:"force"`
}

// updatePolicyRequest is the body of PUT /updatePolicy.
type updatePolicyRequest struct {
	UpdatePolicy string `json:"updatePolicy"`
}

// loadBalancersSubnetRequest is the body of PUT /updateLoadBalancersSubnetId.
type loadBalancersSubnetRequest struct {
	LoadBalancersSubnetID *string `json:"loadBalancersSubnetId"`
}

func (m *Mock) listClusters(c *call) (any, error) {
	ids := []string{}
	for _, cs := range c.project.all(c.now) {
		if !c.now.Before(cs.visibleAt) {
			ids = append(ids, cs.c.ID)
		}
	}
	return ids, nil
}

func (m *Mock) createCluster(c *call) (any, error) {
	var req createRequest
	if err := decodeBody(c.body, m.schemas.create, &req); err != nil {
		return nil, err
	}
	plan := deref(req.Plan, defaultPlan)
	if err := m.checkCustomization("customization.", req.Customization, plan); err != nil {
		return nil, err
	}
	t := m.opts.Timings
	project := c.params["serviceName"]
	id, occurrence := m.ids.newID(m.opts.Faults.Seed, project, deref(req.Name, ""), func(id string) bool {
		return c.project.clusters[id] != nil
	})
	cl := Cluster{
		ID:        id,
		Region:    req.Region,
		Plan:      plan,
		Status:    StatusInstalling,
		CreatedAt: timestamp(c.now),
		UpdatedAt: timestamp(c.now),
	}
	cl.URL, cl.NodesURL = clusterURLs(cl.ID, cl.Region)
	m.applySettings(&cl, req.clusterSettings)

	m.ids.register(project, cl.ID, cl.Name)
	then := StatusReady
	if m.drawInstallFailure(project, deref(req.Name, ""), occurrence) {
		then = StatusError
	}
	m.seq++
	c.project.clusters[cl.ID] = &clusterState{
		c:         cl,
		seq:       m.seq,
		visibleAt: c.now.Add(t.NotFoundAfterCreate),
		op:        &transition{until: c.now.Add(t.NotFoundAfterCreate + t.Install), then: then},
	}
	return cl.clone(), nil
}

// applySettings sets every member of the creation or reset object, with the
// API's default for each one left out.
func (m *Mock) applySettings(cl *Cluster, s clusterSettings) {
	cl.Name = deref(s.Name, cl.ID)
	cl.Version = m.versions.full(deref(s.Version, m.versions.newest()))
	m.versions.fill(cl)
	cl.UpdatePolicy = deref(s.UpdatePolicy, defaultUpdatePolicy)
	cl.KubeProxyMode = deref(s.KubeProxyMode, m.opts.DefaultKubeProxyMode)
	if m.opts.ForceKubeProxyMode != "" {
		cl.KubeProxyMode = m.opts.ForceKubeProxyMode
	}
	cl.Customization = m.normaliseCustomization(s.Customization)
	cl.PrivateNetworkID = s.PrivateNetworkID
	cl.PrivateNetworkConfiguration = s.PrivateNetworkConfiguration
	cl.NodesSubnetID = s.NodesSubnetID
	cl.LoadBalancersSubnetID = s.LoadBalancersSubnetID
	cl.IPAllocationPolicy = s.IPAllocationPolicy
	if p := cl.IPAllocationPolicy; p != nil {
		p.PodsIPv4CIDR = cmpOr(p.PodsIPv4CIDR, defaultPodsIPv4CIDR)
		p.ServicesIPv4CIDR = cmpOr(p.ServicesIPv4CIDR, defaultServicesIPv4CIDR)
	}
}

// normaliseCustomization returns what the API stores: a copy, never nil,
// with durations normalised and both admission plugin lists present once
// either is.
func (m *Mock) normaliseCustomization(in *Customization) *Customization {
	out := in.clone()
	if out == nil {
		out = &Customization{}
	}
	if out.APIServer != nil && out.APIServer.AdmissionPlugins != nil {
		p := out.APIServer.AdmissionPlugins
		p.Enabled = cmpOr(p.Enabled, []string{})
		p.Disabled = cmpOr(p.Disabled, []string{})
	}
	for _, d := range out.durations() {
		if *d != "" {
			*d = normaliseDuration(*d, m.opts.CanonicalDurations)
		}
	}
	return out
}

// visible returns the cluster named by the path, as long as the API would
// show it.
func (m *Mock) visible(c *call) (*clusterState, error) {
	id := c.params["kubeId"]
	cs := c.project.lookup(id, c.now)
	if cs == nil || c.now.Before(cs.visibleAt) {
		return nil, notFound("Kubernetes cluster %s does not exist", id)
	}
	return cs, nil
}

// changeable returns the cluster named by the path if it accepts a change.
func (m *Mock) changeable(c *call, allowFailed bool) (*clusterState, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	if err := cs.busy(allowFailed); err != nil {
		return nil, err
	}
	return cs, nil
}

func (m *Mock) getCluster(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	return cs.view(), nil
}

func (m *Mock) putCluster(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req putClusterRequest
	if err := decodeBody(c.body, m.schemas.putCluster, &req); err != nil {
		return nil, err
	}
	before := cs.c.clone()
	cs.c.Name = deref(req.Name, cs.c.Name)
	cs.c.UpdatePolicy = deref(req.UpdatePolicy, cs.c.UpdatePolicy)
	m.touched(cs, before, c.now)
	return nil, nil
}

func (m *Mock) deleteCluster(c *call) (any, error) {
	cs, err := m.changeable(c, true)
	if err != nil {
		return nil, err
	}
	m.startTransition(cs, cs.c.clone(), c.now, StatusDeleting, m.opts.Timings.Delete, "")
	m.poolsFollowDeletion(cs, c.now, cs.op.until)
	return nil, nil
}

func (m *Mock) getCustomization(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	if v := cs.view().Customization; v != nil {
		return v, nil
	}
	return &Customization{}, nil
}

// putCustomization replaces per top-level key: a key left out is kept, a key
// sent replaces its whole subtree.
func (m *Mock) putCustomization(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req Customization
	if err := decodeBody(c.body, m.schemas.customization, &req); err != nil {
		return nil, err
	}
	if err := m.checkCustomization("", &req, cs.c.Plan); err != nil {
		return nil, err
	}
	before := cs.c.clone()
	merged := cs.c.Customization.clone()
	if merged == nil {
		merged = &Customization{}
	}
	if req.APIServer != nil {
		merged.APIServer = req.APIServer
	}
	if req.KubeProxy != nil {
		merged.KubeProxy = req.KubeProxy
	}
	if req.Cilium != nil {
		merged.Cilium = req.Cilium
	}
	cs.c.Customization = m.normaliseCustomization(merged)
	m.startTransition(cs, before, c.now, StatusUpdating, m.opts.Timings.Update, StatusReady)
	return map[string]string{"message": "Customization update of cluster " + cs.c.ID + " requested"}, nil
}

// resetCluster reinstalls the cluster under the same id: every member left
// out of the payload goes back to its default, the region and plan stay,
// and the credentials and IP restrictions are lost.
func (m *Mock) resetCluster(c *call) (any, error) {
	cs, err := m.changeable(c, true)
	if err != nil {
		return nil, err
	}
	var req resetRequest
	if err := decodeBody(c.body, m.schemas.reset, &req); err != nil {
		return nil, err
	}
	if err := m.checkCustomization("customization.", req.Customization, cs.c.Plan); err != nil {
		return nil, err
	}
	before := cs.c.clone()
	m.applySettings(&cs.c, req.clusterSettings)
	cs.ipRestrictions = nil
	cs.creds = nil
	m.startTransition(cs, before, c.now, StatusResetting, m.opts.Timings.Reset, StatusReady)
	m.poolsFollowReset(c.params["serviceName"], cs, deref(req.WorkerNodesPolicy, "delete"), c.now, cs.op.until)
	return nil, nil
}

func (m *Mock) updateCluster(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req upgradeRequest
	if err := decodeBody(c.body, m.schemas.update, &req); err != nil {
		return nil, err
	}
	// The schema makes strategy optional without saying what the API does
	// without one; the mock's choice is LATEST_PATCH, the smaller step, which
	// the update did before strategy existed. force is deprecated and has no
	// effect, as the schema says.
	if cs.c.UpdatePolicy == "NEVER_UPDATE" {
		return nil, conflict("Update aborted for cluster %s because of policy NEVER_UPDATE", cs.c.ID)
	}
	minor, _, _, _ := splitVersion(cs.c.Version)
	target := minor
	switch deref(req.Strategy, "LATEST_PATCH") {
	case "NEXT_MINOR":
		next, ok := m.versions.next(minor)
		if !ok {
			return nil, badRequest("Cluster %s already runs the latest available minor version (%s)", cs.c.ID, minor)
		}
		target = next
	case "LATEST_PATCH":
		if _, supported := m.versions.latest[minor]; !supported {
			return nil, badRequest("Version %s of cluster %s is no longer supported; upgrade with NEXT_MINOR", minor, cs.c.ID)
		}
	}
	before := cs.c.clone()
	cs.c.Version = m.versions.full(target)
	m.versions.fill(&cs.c)
	m.startTransition(cs, before, c.now, StatusUpdating, m.opts.Timings.Update, StatusReady)
	m.poolsFollowUpgrade(cs, c.now, cs.op.until)
	return nil, nil
}

// restartCluster restarts the control plane's API server (POST /restart,
// cloud.ProjectKubeRestart): the schema promises no downtime without force
// and a slight one with it, and names no status; the mock shows REDEPLOYING,
// the status of the other changes that redeploy the API server, for
// Timings.Redeploy, then READY, with or without force. Nothing else changes.
func (m *Mock) restartCluster(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req restartRequest
	if err := decodeBody(c.body, m.schemas.restart, &req); err != nil {
		return nil, err
	}
	m.startTransition(cs, cs.c.clone(), c.now, StatusRedeploying, m.opts.Timings.Redeploy, StatusReady)
	return nil, nil
}

// restartRequest is the body of POST /restart (cloud.ProjectKubeRestart).
type restartRequest struct {
	Force *bool `json:"force"`
}

func (m *Mock) putUpdatePolicy(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req updatePolicyRequest
	if err := decodeBody(c.body, m.schemas.updatePolicy, &req); err != nil {
		return nil, err
	}
	before := cs.c.clone()
	cs.c.UpdatePolicy = req.UpdatePolicy
	m.touched(cs, before, c.now)
	return nil, nil
}

func (m *Mock) getPrivateNetworkConfiguration(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	if v := cs.view().PrivateNetworkConfiguration; v != nil {
		return v, nil
	}
	return &PrivateNetworkConfiguration{}, nil
}

func (m *Mock) putPrivateNetworkConfiguration(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req PrivateNetworkConfiguration
	if err := decodeBody(c.body, m.schemas.privateNetworkConfiguration, &req); err != nil {
		return nil, err
	}
	before := cs.c.clone()
	cs.c.PrivateNetworkConfiguration = &req
	m.startTransition(cs, before, c.now, StatusRedeploying, m.opts.Timings.Redeploy, StatusReady)
	return map[string]string{"message": "Private network configuration update of cluster " + cs.c.ID + " requested"}, nil
}

func (m *Mock) putLoadBalancersSubnet(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	// The schema makes the subnet a nullable uuid that nothing requires:
	// null, or a body without it, unsets it.
	var req loadBalancersSubnetRequest
	if err := decodeBody(c.body, m.schemas.loadBalancersSubnet, &req); err != nil {
		return nil, err
	}
	before := cs.c.clone()
	cs.c.LoadBalancersSubnetID = req.LoadBalancersSubnetID
	m.startTransition(cs, before, c.now, StatusRedeploying, m.opts.Timings.Redeploy, StatusReady)
	return nil, nil
}

func randomUUIDBytes() [16]byte {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return b
}

// clusterURLs builds the API server and nodes host names the way OVHcloud
// shapes them: a short code derived from the cluster, then the region.
func clusterURLs(id, region string) (url, nodesURL string) {
	sum := sha1.Sum([]byte(id))
	code := new(big.Int).SetBytes(sum[:8]).Text(36)
	code = (code + "000000")[:6]
	zone := strings.ToLower(strings.TrimRight(region, "0123456789"))
	return code + ".c1." + zone + ".k8s.ovh.net", code + ".nodes.c1." + zone + ".k8s.ovh.net"
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// cmpOr returns v unless it is empty.
func cmpOr[T string | []string](v, def T) T {
	if len(v) == 0 {
		return def
	}
	return v
}
