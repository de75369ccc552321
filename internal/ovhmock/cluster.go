package ovhmock

import (
	"slices"
	"time"
)

// Cluster is the mock's own model of a Managed Kubernetes cluster. Its JSON
// form is the API's cluster object, so a snapshot can be compared with what a
// client received, and a state file can be written by hand.
type Cluster struct {
	ID                          string                       `json:"id"`
	Name                        string                       `json:"name"`
	Region                      string                       `json:"region"`
	URL                         string                       `json:"url"`
	NodesURL                    string                       `json:"nodesUrl"`
	Version                     string                       `json:"version"`
	NextUpgradeVersions         []string                     `json:"nextUpgradeVersions"`
	KubeProxyMode               string                       `json:"kubeProxyMode"`
	Customization               *Customization               `json:"customization,omitempty"`
	Status                      string                       `json:"status"`
	UpdatePolicy                string                       `json:"updatePolicy"`
	IsUpToDate                  bool                         `json:"isUpToDate"`
	ControlPlaneIsUpToDate      bool                         `json:"controlPlaneIsUpToDate"`
	PrivateNetworkID            *string                      `json:"privateNetworkId"`
	PrivateNetworkConfiguration *PrivateNetworkConfiguration `json:"privateNetworkConfiguration"`
	NodesSubnetID               *string                      `json:"nodesSubnetId"`
	LoadBalancersSubnetID       *string                      `json:"loadBalancersSubnetId"`
	IPAllocationPolicy          *IPAllocationPolicy          `json:"ipAllocationPolicy"`
	Plan                        string                       `json:"plan"`
	// AuditLogsSubscribed tells whether the cluster's audit logs are
	// forwarded: reads compute it from the cluster's log subscriptions
	// (clusterState.auditLogsSubscribed), and a state file cannot set it.
	AuditLogsSubscribed bool      `json:"auditLogsSubscribed"`
	CreatedAt           time.Time `json:"createdAt"`
	UpdatedAt           time.Time `json:"updatedAt"`
}

// Customization is the cluster's customization object. Only what was set is
// present, as the API echoes nothing it was not given.
type Customization struct {
	APIServer *APIServer           `json:"apiServer,omitempty"`
	KubeProxy *KubeProxy           `json:"kubeProxy,omitempty"`
	Cilium    *CiliumCustomization `json:"cilium,omitempty"`
}

// APIServer customizes the Kubernetes API server.
type APIServer struct {
	AdmissionPlugins *AdmissionPlugins `json:"admissionPlugins,omitempty"`
}

// AdmissionPlugins lists the admission plugins explicitly enabled or disabled.
type AdmissionPlugins struct {
	Enabled  []string `json:"enabled"`
	Disabled []string `json:"disabled"`
}

// KubeProxy customizes kube-proxy, per proxy mode.
type KubeProxy struct {
	IPTables *IPTables `json:"iptables,omitempty"`
	IPVS     *IPVS     `json:"ipvs,omitempty"`
}

// IPTables holds the iptables-mode durations (ISO 8601 strings).
type IPTables struct {
	MinSyncPeriod string `json:"minSyncPeriod,omitempty"`
	SyncPeriod    string `json:"syncPeriod,omitempty"`
}

// IPVS holds the IPVS-mode settings; every field but Scheduler is an ISO 8601
// duration.
type IPVS struct {
	MinSyncPeriod string `json:"minSyncPeriod,omitempty"`
	Scheduler     string `json:"scheduler,omitempty"`
	SyncPeriod    string `json:"syncPeriod,omitempty"`
	TCPFinTimeout string `json:"tcpFinTimeout,omitempty"`
	TCPTimeout    string `json:"tcpTimeout,omitempty"`
	UDPTimeout    string `json:"udpTimeout,omitempty"`
}

// PrivateNetworkConfiguration is the vRack routing of a cluster attached to a
// private network.
type PrivateNetworkConfiguration struct {
	DefaultVrackGateway            string `json:"defaultVrackGateway"`
	PrivateNetworkRoutingAsDefault bool   `json:"privateNetworkRoutingAsDefault"`
}

// IPAllocationPolicy holds the pod and service CIDRs of a cluster.
type IPAllocationPolicy struct {
	PodsIPv4CIDR     string `json:"podsIpv4Cidr"`
	ServicesIPv4CIDR string `json:"servicesIpv4Cidr"`
}

// Cluster statuses the mock uses. The API knows more (see API.md); any of
// them can be forced with ModifyCluster.
const (
	StatusInstalling  = "INSTALLING"
	StatusReady       = "READY"
	StatusUpdating    = "UPDATING"
	StatusRedeploying = "REDEPLOYING"
	StatusResetting   = "RESETTING"
	StatusDeleting    = "DELETING"
	StatusError       = "ERROR"
)

// knownStatuses is every status the API documents, so that a preloaded state
// file with a typo is refused instead of producing a cluster stuck forever.
var knownStatuses = []string{
	"INSTALLING", "READY", "UPDATING", "REDEPLOYING", "RESETTING", "DELETING",
	"DELETED", "ERROR", "MAINTENANCE", "REOPENING", "SUSPENDED", "SUSPENDING",
	"UNKNOWN", "USER_ERROR", "USER_QUOTA_ERROR",
	"USER_WEBHOOK_PREVENTING_OPERATIONS_ERROR",
}

// failedStatus reports the terminal failure states: nothing will change by
// waiting, but the cluster can still be deleted or reset.
func failedStatus(s string) bool {
	return s == StatusError || s == "USER_ERROR" || s == "USER_QUOTA_ERROR" ||
		s == "USER_WEBHOOK_PREVENTING_OPERATIONS_ERROR"
}

// clone returns a deep copy, so that snapshots handed out never alias the
// mock's state.
func (c Cluster) clone() Cluster {
	c.NextUpgradeVersions = slices.Clone(c.NextUpgradeVersions)
	c.Customization = c.Customization.clone()
	c.PrivateNetworkID = clonePtr(c.PrivateNetworkID)
	c.PrivateNetworkConfiguration = clonePtr(c.PrivateNetworkConfiguration)
	c.NodesSubnetID = clonePtr(c.NodesSubnetID)
	c.LoadBalancersSubnetID = clonePtr(c.LoadBalancersSubnetID)
	c.IPAllocationPolicy = clonePtr(c.IPAllocationPolicy)
	return c
}

func (c *Customization) clone() *Customization {
	if c == nil {
		return nil
	}
	out := &Customization{}
	if c.APIServer != nil {
		out.APIServer = &APIServer{}
		if p := c.APIServer.AdmissionPlugins; p != nil {
			out.APIServer.AdmissionPlugins = &AdmissionPlugins{
				Enabled:  slices.Clone(p.Enabled),
				Disabled: slices.Clone(p.Disabled),
			}
		}
	}
	if c.KubeProxy != nil {
		out.KubeProxy = &KubeProxy{
			IPTables: clonePtr(c.KubeProxy.IPTables),
			IPVS:     clonePtr(c.KubeProxy.IPVS),
		}
	}
	out.Cilium = c.Cilium.clone()
	return out
}

// clonePtr copies the value behind a pointer to a struct without pointers.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// durations returns pointers to every duration field that is present, so that
// normalisation walks them in one place.
func (c *Customization) durations() []*string {
	if c == nil || c.KubeProxy == nil {
		return nil
	}
	var out []*string
	if t := c.KubeProxy.IPTables; t != nil {
		out = append(out, &t.MinSyncPeriod, &t.SyncPeriod)
	}
	if v := c.KubeProxy.IPVS; v != nil {
		out = append(out, &v.MinSyncPeriod, &v.SyncPeriod, &v.TCPFinTimeout, &v.TCPTimeout, &v.UDPTimeout)
	}
	return out
}
