package ovhmock

// The etcd usage of a cluster (API-MKS.md §9.2):
// GET /cloud/project/{serviceName}/kube/{kubeId}/metrics/etcdUsage answers
// cloud.kube.EtcdUsage, the size of the cluster's etcd data and its quota,
// in bytes.
//
// Choices where the public sources are silent: every cluster answers
// Options.Etcd (DefaultEtcdUsage when nil) until SetEtcdUsage gives it values
// of its own; the usage does not grow with the objects the cluster holds; a
// cluster answers in any status once it is visible (404 before, as the other
// paths); the state file does not keep the values set by SetEtcdUsage.

import "fmt"

// EtcdUsage is the etcd usage of a cluster; its JSON form is the API's
// cloud.kube.EtcdUsage. Both values are in bytes.
type EtcdUsage struct {
	Quota int64 `json:"quota"`
	Usage int64 `json:"usage"`
}

// DefaultEtcdQuota is the quota every cluster has by default: the "etcd max
// size" of 400MB that OVHcloud's Managed Kubernetes known limits give, read
// as 400 MiB.
const DefaultEtcdQuota int64 = 400 << 20

// DefaultEtcdUsed is the usage every cluster has by default: 50 MiB, an
// eighth of the quota, well below the 80 % that the documented check warns
// at.
const DefaultEtcdUsed int64 = 50 << 20

// DefaultEtcdUsage is what every cluster answers when Options.Etcd is nil.
func DefaultEtcdUsage() EtcdUsage {
	return EtcdUsage{Quota: DefaultEtcdQuota, Usage: DefaultEtcdUsed}
}

func (u EtcdUsage) validate() error {
	if u.Quota < 0 || u.Usage < 0 {
		return fmt.Errorf("etcd quota %d and usage %d must not be negative", u.Quota, u.Usage)
	}
	return nil
}

// etcdUsage is what the cluster answers: its own values, or the options'.
func (m *Mock) etcdUsage(cs *clusterState) EtcdUsage {
	if cs.etcd != nil {
		return *cs.etcd
	}
	return *m.opts.Etcd
}

func (m *Mock) getEtcdUsage(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	return m.etcdUsage(cs), nil
}

// EtcdUsage returns what GET /metrics/etcdUsage answers for a cluster, and
// false when the mock has no such cluster.
func (m *Mock) EtcdUsage(project, kubeID string) (EtcdUsage, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return EtcdUsage{}, false
	}
	return m.etcdUsage(cs), true
}

// SetEtcdUsage gives a cluster its own etcd quota and usage, in bytes, in
// place of Options.Etcd. Negative values are an error and change nothing.
func (m *Mock) SetEtcdUsage(project, kubeID string, u EtcdUsage) error {
	if err := u.validate(); err != nil {
		return fmt.Errorf("ovhmock: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return fmt.Errorf("ovhmock: no cluster %s in project %s", kubeID, project)
	}
	cs.etcd = &u
	return nil
}
