package ovhmock

import (
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// stateFile is the JSON document of LoadState and SaveState:
//
//	{"projects": {"<serviceName>": {"clusters": [<cluster object>, ...]}}}
//
// A cluster object is the API's, plus "ipRestrictions", "openIdConnect"
// (the API's OIDC object), "logSubscriptions" (the API's objects), "credentials" (PEM strings) and "nodePools", all
// optional. A node pool is the API's
// object plus "nodes" (node objects). Members left out get the defaults of
// AddCluster and AddNodePool, so a hand-written file can be short.
type stateFile struct {
	Projects map[string]*projectFile `json:"projects"`
}

type projectFile struct {
	Clusters []savedCluster `json:"clusters"`
}

type savedCluster struct {
	Cluster
	IPRestrictions []string       `json:"ipRestrictions,omitempty"`
	OpenIDConnect  *OpenIDConnect `json:"openIdConnect,omitempty"`
	// LogSubscriptions are the API's objects; the operations are not kept.
	LogSubscriptions []LogSubscription `json:"logSubscriptions,omitempty"`
	Credentials      *credentials      `json:"credentials,omitempty"`
	NodePools        []savedNodePool   `json:"nodePools,omitempty"`
}

// Projects returns the known service names, sorted: those of
// Options.Projects and those a loaded state file added.
func (m *Mock) Projects() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(maps.Keys(m.projects))
}

// Clusters returns snapshots of a project's clusters in creation order: the
// truth, including clusters the API does not show yet and changes it does not
// show yet. Clusters whose deletion has completed are gone.
func (m *Mock) Clusters(project string) []Cluster {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.projects[project]
	if p == nil {
		return nil
	}
	var out []Cluster
	for _, cs := range p.all(m.opts.Now()) {
		out = append(out, cs.truth())
	}
	return out
}

// truth is the cluster as it is, auditLogsSubscribed included.
func (cs *clusterState) truth() Cluster {
	c := cs.c.clone()
	c.AuditLogsSubscribed = cs.auditLogsSubscribed()
	return c
}

// Cluster returns a snapshot of one cluster, as Clusters does.
func (m *Mock) Cluster(project, id string) (Cluster, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, id)
	if cs == nil {
		return Cluster{}, false
	}
	return cs.truth(), true
}

func (m *Mock) find(project, id string) *clusterState {
	p := m.projects[project]
	if p == nil {
		return nil
	}
	return p.lookup(id, m.opts.Now())
}

// ModifyCluster changes a cluster out of band, as someone using the OVHcloud
// console would. Setting Status ends any transition in progress, so a test
// can force, say, ERROR or READY; changing Version recomputes
// nextUpgradeVersions and isUpToDate. The change is visible at once (no
// stale read, no stale status). Nothing else is validated.
func (m *Mock) ModifyCluster(project, id string, fn func(*Cluster)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, id)
	if cs == nil {
		return fmt.Errorf("ovhmock: no cluster %s in project %s", id, project)
	}
	c := cs.c.clone()
	fn(&c)
	if c.ID != cs.c.ID {
		return errors.New("ovhmock: ModifyCluster cannot change a cluster's id")
	}
	if c.Status != cs.c.Status {
		cs.op = nil
	}
	if c.Version != cs.c.Version {
		m.versions.fill(&c)
	}
	cs.c = c
	cs.stale = nil
	cs.staleStatus = ""
	return nil
}

// RemoveCluster deletes a cluster out of band: it is gone at once.
func (m *Mock) RemoveCluster(project, id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.find(project, id) == nil {
		return false
	}
	delete(m.projects[project].clusters, id)
	return true
}

// AddCluster preloads a cluster, visible at once. Empty members get
// defaults: an id generated as a creation's is (see Faults), the first
// region, the newest version, status READY, the creation defaults
// otherwise; a version given as "1.NN" gets its latest patch. A cluster
// added in a transient status (INSTALLING, UPDATING, RESETTING,
// REDEPLOYING, DELETING) completes it after the matching timing.
func (m *Mock) AddCluster(project string, c Cluster) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.projects[project]
	if p == nil {
		return fmt.Errorf("ovhmock: unknown project %q", project)
	}
	ids := m.ids.clone()
	cs, err := m.prepare(ids, project, p, savedCluster{Cluster: c}, m.opts.Now())
	if err != nil {
		return err
	}
	if p.lookup(cs.c.ID, m.opts.Now()) != nil {
		return fmt.Errorf("ovhmock: cluster %s already exists in project %s", cs.c.ID, project)
	}
	ids.register(project, cs.c.ID, cs.c.Name)
	m.ids = ids
	m.seq++
	cs.seq = m.seq
	p.clusters[cs.c.ID] = cs
	return nil
}

// prepare fills the defaults of a preloaded cluster and refuses values the
// API could never have returned. A missing id is generated as a creation's
// would be, with ids and p telling which are taken. The caller holds m.mu.
func (m *Mock) prepare(ids idRegistry, project string, p *project, s savedCluster, now time.Time) (*clusterState, error) {
	c := s.clone()
	if c.ID == "" {
		c.ID, _ = ids.newID(m.opts.Faults.Seed, project, c.Name, func(id string) bool { return p.clusters[id] != nil })
	}
	fail := func(format string, args ...any) (*clusterState, error) {
		return nil, fmt.Errorf("ovhmock: cluster %s: %s", c.ID, fmt.Sprintf(format, args...))
	}
	if strings.Contains(c.ID, "/") {
		return fail("an id cannot contain /")
	}
	c.Region = cmpOr(c.Region, m.opts.Regions[0])
	c.Name = cmpOr(c.Name, c.ID)
	c.Version = cmpOr(c.Version, m.versions.newest())
	minor, _, hasPatch, ok := splitVersion(c.Version)
	if !ok {
		return fail("version %q is not of the form 1.NN or 1.NN.P", c.Version)
	}
	if !hasPatch {
		c.Version = m.versions.full(minor)
	}
	m.versions.fill(&c)
	c.Status = cmpOr(c.Status, StatusReady)
	c.Plan = cmpOr(c.Plan, defaultPlan)
	c.UpdatePolicy = cmpOr(c.UpdatePolicy, defaultUpdatePolicy)
	c.KubeProxyMode = cmpOr(c.KubeProxyMode, m.opts.DefaultKubeProxyMode)
	for value, allowed := range map[*string][]string{
		&c.Status: knownStatuses, &c.UpdatePolicy: updatePolicies, &c.KubeProxyMode: kubeProxyModes,
	} {
		if !slices.Contains(allowed, *value) {
			return fail("%q is not one of %s", *value, strings.Join(allowed, ", "))
		}
	}
	for _, d := range c.Customization.durations() {
		if *d != "" && !validDuration(*d) {
			return fail("%q is not a valid duration", *d)
		}
	}
	if c.Customization != nil {
		if err := m.checkStoredCilium(c.Customization.Cilium); err != nil {
			return fail("%s", err)
		}
	}
	c.Customization = m.normaliseCustomization(c.Customization)
	if c.URL == "" || c.NodesURL == "" {
		url, nodesURL := clusterURLs(c.ID, c.Region)
		c.URL, c.NodesURL = cmpOr(c.URL, url), cmpOr(c.NodesURL, nodesURL)
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = timestamp(now)
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	cs := &clusterState{c: c}
	for _, ip := range s.IPRestrictions {
		block, ok := canonicalIPBlock(ip)
		if !ok {
			return fail("%q is not an IP block", ip)
		}
		cs.ipRestrictions = append(cs.ipRestrictions, block)
	}
	if o := s.OpenIDConnect; o != nil {
		stored := o.clone()
		cs.oidc.config = &stored
	}
	for _, ls := range s.LogSubscriptions {
		if ls.SubscriptionID != "" && !validUUID(ls.SubscriptionID) {
			return fail("log subscription id %q is not a uuid", ls.SubscriptionID)
		}
		if ls.SubscriptionID != "" && cs.logSubscriptions[ls.SubscriptionID] != nil {
			return fail("log subscription %s appears twice", ls.SubscriptionID)
		}
		cs.addLogSubscription(m.fillLogSubscription(cs, ls, now))
	}
	if cr := s.Credentials; cr != nil {
		for _, p := range []string{cr.CACert, cr.CAKey, cr.ClientCert, cr.ClientKey} {
			if block, _ := pem.Decode([]byte(p)); block == nil {
				return fail("credentials are not PEM-encoded")
			}
		}
		cs.creds = clonePtr(cr)
	}
	for _, sp := range s.NodePools {
		ps, err := m.preparePool(ids, project, cs, sp, now)
		if err != nil {
			return nil, err
		}
		m.addPool(ids, project, cs, ps)
	}
	m.resume(cs, now)
	return cs, nil
}

// LoadState replaces every cluster with those of a state file (see
// SaveState). The projects it names become known in addition to
// Options.Projects. On error nothing changes.
func (m *Mock) LoadState(r io.Reader) error {
	var f stateFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("ovhmock: reading state: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.opts.Now()
	projects := map[string]*project{}
	for _, name := range m.opts.Projects {
		projects[name] = newProject()
	}
	seq, ids := m.seq, m.ids.clone()
	for _, name := range slices.Sorted(maps.Keys(f.Projects)) {
		if name == "" || strings.Contains(name, "/") {
			return fmt.Errorf("ovhmock: reading state: %q is not a valid service name", name)
		}
		p := projects[name]
		if p == nil {
			p = newProject()
			projects[name] = p
		}
		if f.Projects[name] == nil {
			continue
		}
		for _, saved := range f.Projects[name].Clusters {
			cs, err := m.prepare(ids, name, p, saved, now)
			if err != nil {
				return err
			}
			if p.clusters[cs.c.ID] != nil {
				return fmt.Errorf("ovhmock: reading state: cluster %s appears twice in project %s", cs.c.ID, name)
			}
			ids.register(name, cs.c.ID, cs.c.Name)
			seq++
			cs.seq = seq
			p.clusters[cs.c.ID] = cs
		}
	}
	m.projects, m.seq, m.ids = projects, seq, ids
	return nil
}

// SaveState writes every known project and its clusters as indented JSON,
// in a form LoadState reads back: the truth of each cluster (not what a
// stale read would show), its IP restrictions, its OIDC configuration and
// its credentials, so that
// kubeconfigs stay valid across a restart. A stale read or a stale status
// (Timings.StaleStatus) is not saved: a cluster saved during a redeploy
// reads REDEPLOYING once loaded, until the redeploy, restarted by the load,
// ends.
func (m *Mock) SaveState(w io.Writer) error {
	m.mu.Lock()
	f := stateFile{Projects: map[string]*projectFile{}}
	for name, p := range m.projects {
		pf := &projectFile{Clusters: []savedCluster{}}
		for _, cs := range p.all(m.opts.Now()) {
			pf.Clusters = append(pf.Clusters, savedCluster{
				Cluster:          cs.c.clone(),
				IPRestrictions:   slices.Clone(cs.ipRestrictions),
				OpenIDConnect:    savedOIDC(cs.oidc.config),
				LogSubscriptions: cs.savedLogSubscriptions(m.opts.Now()),
				Credentials:      clonePtr(cs.creds),
				NodePools:        cs.savedPools(m.opts.Now()),
			})
		}
		f.Projects[name] = pf
	}
	m.mu.Unlock()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// savedOIDC is the OIDC configuration a state file holds, or nil.
func savedOIDC(o *OpenIDConnect) *OpenIDConnect {
	if o == nil {
		return nil
	}
	c := o.clone()
	return &c
}
