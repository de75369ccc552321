package ovhapi

import (
	"context"
	"net/http"
)

// Kube is the cluster object of /cloud/project/{serviceName}/kube/{kubeId}.
type Kube struct {
	ID                          string                       `json:"id"`
	Name                        string                       `json:"name"`
	Region                      string                       `json:"region"`
	URL                         string                       `json:"url"`
	NodesURL                    string                       `json:"nodesUrl"`
	Version                     string                       `json:"version"`
	NextUpgradeVersions         []string                     `json:"nextUpgradeVersions"`
	KubeProxyMode               string                       `json:"kubeProxyMode"`
	Customization               *Customization               `json:"customization"`
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
	AuditLogsSubscribed         bool                         `json:"auditLogsSubscribed"`
	CreatedAt                   string                       `json:"createdAt"`
	UpdatedAt                   string                       `json:"updatedAt"`
}

// Customization is the customization object; every part is optional and the
// API echoes only what was set.
type Customization struct {
	APIServer *APIServerCustomization `json:"apiServer,omitempty"`
	KubeProxy *KubeProxyCustomization `json:"kubeProxy,omitempty"`
	Cilium    *CiliumCustomization    `json:"cilium,omitempty"`
}

// CiliumCustomization tunes the Cilium CNI of Standard-plan clusters; every
// part is optional.
type CiliumCustomization struct {
	ClusterID   *int64             `json:"clusterId,omitempty"`
	ClusterMesh *CiliumClusterMesh `json:"clusterMesh,omitempty"`
	Hubble      *CiliumHubble      `json:"hubble,omitempty"`
}

type CiliumClusterMesh struct {
	Enabled   *bool                `json:"enabled,omitempty"`
	APIServer *CiliumMeshAPIServer `json:"apiServer,omitempty"`
}

type CiliumMeshAPIServer struct {
	NodePort    *int64  `json:"nodePort,omitempty"`
	ServiceType *string `json:"serviceType,omitempty"`
}

type CiliumHubble struct {
	Enabled *bool           `json:"enabled,omitempty"`
	Relay   *CiliumEnabled  `json:"relay,omitempty"`
	UI      *CiliumHubbleUI `json:"ui,omitempty"`
}

type CiliumEnabled struct {
	Enabled *bool `json:"enabled,omitempty"`
}

type CiliumHubbleUI struct {
	Enabled           *bool            `json:"enabled,omitempty"`
	BackendResources  *CiliumResources `json:"backendResources,omitempty"`
	FrontendResources *CiliumResources `json:"frontendResources,omitempty"`
}

// CiliumResources are Kubernetes resource limits and requests.
type CiliumResources struct {
	Limits   *CiliumQuantities `json:"limits,omitempty"`
	Requests *CiliumQuantities `json:"requests,omitempty"`
}

// CiliumQuantities are Kubernetes quantities such as "500m" and "512Mi".
type CiliumQuantities struct {
	CPU    *string `json:"cpu,omitempty"`
	Memory *string `json:"memory,omitempty"`
}

type APIServerCustomization struct {
	AdmissionPlugins *AdmissionPlugins `json:"admissionPlugins,omitempty"`
}

type AdmissionPlugins struct {
	Enabled  []string `json:"enabled"`
	Disabled []string `json:"disabled"`
}

type KubeProxyCustomization struct {
	IPTables *KubeProxyIPTables `json:"iptables,omitempty"`
	IPVS     *KubeProxyIPVS     `json:"ipvs,omitempty"`
}

type KubeProxyIPTables struct {
	MinSyncPeriod *string `json:"minSyncPeriod,omitempty"`
	SyncPeriod    *string `json:"syncPeriod,omitempty"`
}

type KubeProxyIPVS struct {
	MinSyncPeriod *string `json:"minSyncPeriod,omitempty"`
	Scheduler     *string `json:"scheduler,omitempty"`
	SyncPeriod    *string `json:"syncPeriod,omitempty"`
	TCPFinTimeout *string `json:"tcpFinTimeout,omitempty"`
	TCPTimeout    *string `json:"tcpTimeout,omitempty"`
	UDPTimeout    *string `json:"udpTimeout,omitempty"`
}

type PrivateNetworkConfiguration struct {
	DefaultVrackGateway            string `json:"defaultVrackGateway"`
	PrivateNetworkRoutingAsDefault bool   `json:"privateNetworkRoutingAsDefault"`
}

type IPAllocationPolicy struct {
	PodsIPv4CIDR     *string `json:"podsIpv4Cidr,omitempty"`
	ServicesIPv4CIDR *string `json:"servicesIpv4Cidr,omitempty"`
}

// KubeCreate is the body of POST /cloud/project/{serviceName}/kube. Nil fields
// are left out so that the API applies its own defaults.
type KubeCreate struct {
	Region                      string                       `json:"region"`
	Name                        *string                      `json:"name,omitempty"`
	Version                     *string                      `json:"version,omitempty"`
	Plan                        *string                      `json:"plan,omitempty"`
	UpdatePolicy                *string                      `json:"updatePolicy,omitempty"`
	KubeProxyMode               *string                      `json:"kubeProxyMode,omitempty"`
	Customization               *Customization               `json:"customization,omitempty"`
	PrivateNetworkID            *string                      `json:"privateNetworkId,omitempty"`
	PrivateNetworkConfiguration *PrivateNetworkConfiguration `json:"privateNetworkConfiguration,omitempty"`
	NodesSubnetID               *string                      `json:"nodesSubnetId,omitempty"`
	LoadBalancersSubnetID       *string                      `json:"loadBalancersSubnetId,omitempty"`
	IPAllocationPolicy          *IPAllocationPolicy          `json:"ipAllocationPolicy,omitempty"`
}

// KubeReset is the body of POST .../reset. It has no region; fields left out go
// back to their defaults.
type KubeReset struct {
	Name                        *string                      `json:"name,omitempty"`
	Version                     *string                      `json:"version,omitempty"`
	KubeProxyMode               *string                      `json:"kubeProxyMode,omitempty"`
	Customization               *Customization               `json:"customization,omitempty"`
	UpdatePolicy                *string                      `json:"updatePolicy,omitempty"`
	PrivateNetworkID            *string                      `json:"privateNetworkId,omitempty"`
	PrivateNetworkConfiguration *PrivateNetworkConfiguration `json:"privateNetworkConfiguration,omitempty"`
	NodesSubnetID               *string                      `json:"nodesSubnetId,omitempty"`
	LoadBalancersSubnetID       *string                      `json:"loadBalancersSubnetId,omitempty"`
	IPAllocationPolicy          *IPAllocationPolicy          `json:"ipAllocationPolicy,omitempty"`
	WorkerNodesPolicy           *string                      `json:"workerNodesPolicy,omitempty"`
}

// KubeUpdate is the body of PUT .../{kubeId}.
type KubeUpdate struct {
	Name         *string `json:"name,omitempty"`
	UpdatePolicy *string `json:"updatePolicy,omitempty"`
}

// The upgrade strategies of POST .../update: StrategyNextMinor moves to the
// next minor version, StrategyLatestPatch to the newest patch of the current
// one.
const (
	StrategyNextMinor   = "NEXT_MINOR"
	StrategyLatestPatch = "LATEST_PATCH"
)

type kubeUpgrade struct {
	Strategy string `json:"strategy"`
}

// kubeRestart is the body of POST .../restart.
type kubeRestart struct {
	Force bool `json:"force"`
}

type kubeconfigAnswer struct {
	Content string `json:"content"`
}

type updatePolicyBody struct {
	UpdatePolicy string `json:"updatePolicy"`
}

type loadBalancersSubnetBody struct {
	LoadBalancersSubnetID string `json:"loadBalancersSubnetId"`
}

func kubePath(serviceName string, rest ...string) (string, error) {
	return pathOf(append([]string{"~cloud", "~project", serviceName, "~kube"}, rest...)...)
}

// ListKubes returns the ids of the project's clusters.
func (c *Client) ListKubes(ctx context.Context, serviceName string) ([]string, error) {
	p, err := kubePath(serviceName)
	if err != nil {
		return nil, err
	}
	var ids []string
	return ids, c.call(ctx, http.MethodGet, p, nil, &ids)
}

// CreateKube asks for a new cluster. The answer is the cluster object, usually
// still INSTALLING.
func (c *Client) CreateKube(ctx context.Context, serviceName string, req KubeCreate) (*Kube, error) {
	p, err := kubePath(serviceName)
	if err != nil {
		return nil, err
	}
	var k Kube
	if err := c.call(ctx, http.MethodPost, p, req, &k); err != nil {
		return nil, err
	}
	return &k, nil
}

// GetKube reads one cluster; a missing one is an error for which IsNotFound is true.
func (c *Client) GetKube(ctx context.Context, serviceName, kubeID string) (*Kube, error) {
	p, err := kubePath(serviceName, kubeID)
	if err != nil {
		return nil, err
	}
	var k Kube
	if err := c.call(ctx, http.MethodGet, p, nil, &k); err != nil {
		return nil, err
	}
	return &k, nil
}

// UpdateKube renames a cluster or changes its update policy.
func (c *Client) UpdateKube(ctx context.Context, serviceName, kubeID string, req KubeUpdate) error {
	p, err := kubePath(serviceName, kubeID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, p, req, nil)
}

// DeleteKube starts the deletion of a cluster.
func (c *Client) DeleteKube(ctx context.Context, serviceName, kubeID string) error {
	p, err := kubePath(serviceName, kubeID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, p, nil, nil)
}

// PutCustomization replaces the top-level keys present in cu (apiServer,
// kubeProxy) and keeps the others.
func (c *Client) PutCustomization(ctx context.Context, serviceName, kubeID string, cu Customization) error {
	p, err := kubePath(serviceName, kubeID, "~customization")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, p, cu, nil)
}

// ResetKube reinstalls the control plane with a new configuration, keeping the id.
func (c *Client) ResetKube(ctx context.Context, serviceName, kubeID string, req KubeReset) error {
	p, err := kubePath(serviceName, kubeID, "~reset")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, p, req, nil)
}

// UpgradeKube starts a version upgrade with the given strategy.
func (c *Client) UpgradeKube(ctx context.Context, serviceName, kubeID, strategy string) error {
	p, err := kubePath(serviceName, kubeID, "~update")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, p, kubeUpgrade{Strategy: strategy}, nil)
}

// RestartCluster restarts the control plane's API server; force restarts it
// even when it looks healthy, with a slight downtime.
func (c *Client) RestartCluster(ctx context.Context, serviceName, kubeID string, force bool) error {
	p, err := kubePath(serviceName, kubeID, "~restart")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, p, kubeRestart{Force: force}, nil)
}

// ResetKubeconfig regenerates the cluster's certificates: every kubeconfig
// issued before stops working, and the nodes are reinstalled.
func (c *Client) ResetKubeconfig(ctx context.Context, serviceName, kubeID string) error {
	p, err := kubePath(serviceName, kubeID, "~kubeconfig", "~reset")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, p, nil, nil)
}

// SetUpdatePolicy changes the update policy.
func (c *Client) SetUpdatePolicy(ctx context.Context, serviceName, kubeID, policy string) error {
	p, err := kubePath(serviceName, kubeID, "~updatePolicy")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, p, updatePolicyBody{UpdatePolicy: policy}, nil)
}

// Kubeconfig returns the cluster's kubeconfig YAML.
func (c *Client) Kubeconfig(ctx context.Context, serviceName, kubeID string) (string, error) {
	p, err := kubePath(serviceName, kubeID, "~kubeconfig")
	if err != nil {
		return "", err
	}
	var a kubeconfigAnswer
	// This POST only reads: retrying it is safe, so it goes as idempotent.
	if err := c.callIdempotentPost(ctx, p, &a); err != nil {
		return "", err
	}
	return a.Content, nil
}

// PutPrivateNetworkConfiguration changes the private network configuration.
func (c *Client) PutPrivateNetworkConfiguration(ctx context.Context, serviceName, kubeID string, pnc PrivateNetworkConfiguration) error {
	p, err := kubePath(serviceName, kubeID, "~privateNetworkConfiguration")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, p, pnc, nil)
}

// UpdateLoadBalancersSubnetID moves the load balancers to another subnet. An
// empty id is refused here: the API answers 400 to it.
func (c *Client) UpdateLoadBalancersSubnetID(ctx context.Context, serviceName, kubeID, subnetID string) error {
	if subnetID == "" {
		return errEmptySubnet
	}
	p, err := kubePath(serviceName, kubeID, "~updateLoadBalancersSubnetId")
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, p, loadBalancersSubnetBody{LoadBalancersSubnetID: subnetID}, nil)
}
