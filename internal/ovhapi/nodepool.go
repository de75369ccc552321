package ovhapi

import (
	"context"
	"net/http"
)

// NodePool is the node pool object of
// /cloud/project/{serviceName}/kube/{kubeId}/nodepool/{nodePoolId}. The
// creation key flavorName comes back as flavor.
type NodePool struct {
	ID                string             `json:"id"`
	ProjectID         string             `json:"projectId"`
	Name              string             `json:"name"`
	Flavor            string             `json:"flavor"`
	Status            string             `json:"status"`
	SizeStatus        string             `json:"sizeStatus"`
	Autoscale         bool               `json:"autoscale"`
	AntiAffinity      bool               `json:"antiAffinity"`
	MonthlyBilled     bool               `json:"monthlyBilled"`
	Autoscaling       *NodePoolAutoscale `json:"autoscaling"`
	AvailabilityZones []string           `json:"availabilityZones"`
	AttachFloatingIPs *AttachFloatingIPs `json:"attachFloatingIps"`
	DesiredNodes      int64              `json:"desiredNodes"`
	MinNodes          int64              `json:"minNodes"`
	MaxNodes          int64              `json:"maxNodes"`
	CurrentNodes      int64              `json:"currentNodes"`
	AvailableNodes    int64              `json:"availableNodes"`
	UpToDateNodes     int64              `json:"upToDateNodes"`
	Template          *NodePoolTemplate  `json:"template"`
	CreatedAt         string             `json:"createdAt"`
	UpdatedAt         string             `json:"updatedAt"`
}

// NodePoolAutoscale holds the autoscaler's settings; a key left out keeps
// the API's default (600 s, 1200 s, 0.5).
type NodePoolAutoscale struct {
	ScaleDownUnneededTimeSeconds  *int64   `json:"scaleDownUnneededTimeSeconds,omitempty"`
	ScaleDownUnreadyTimeSeconds   *int64   `json:"scaleDownUnreadyTimeSeconds,omitempty"`
	ScaleDownUtilizationThreshold *float64 `json:"scaleDownUtilizationThreshold,omitempty"`
}

// AttachFloatingIPs gives each node a public floating IP (Standard plan).
type AttachFloatingIPs struct {
	Enabled bool `json:"enabled"`
}

// NodePoolTemplate is spread to every node of the pool. Once sent, every key
// is required by the API, so none is omitted.
type NodePoolTemplate struct {
	Metadata NodePoolTemplateMetadata `json:"metadata"`
	Spec     NodePoolTemplateSpec     `json:"spec"`
}

// NodePoolTemplateMetadata holds the Kubernetes metadata of the nodes.
type NodePoolTemplateMetadata struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	Finalizers  []string          `json:"finalizers"`
}

// NodePoolTemplateSpec holds the Kubernetes spec of the nodes.
type NodePoolTemplateSpec struct {
	Unschedulable bool    `json:"unschedulable"`
	Taints        []Taint `json:"taints"`
}

// Taint is a Kubernetes node taint.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Effect string `json:"effect"`
}

// NodePoolCreate is the creation body. Sizes are pointers so that 0 is sent
// and an unset size is not. AvailabilityZones is always sent: some regions
// refuse a creation without it.
type NodePoolCreate struct {
	FlavorName        string             `json:"flavorName"`
	Name              *string            `json:"name,omitempty"`
	DesiredNodes      *int64             `json:"desiredNodes,omitempty"`
	MinNodes          *int64             `json:"minNodes,omitempty"`
	MaxNodes          *int64             `json:"maxNodes,omitempty"`
	Autoscale         *bool              `json:"autoscale,omitempty"`
	AntiAffinity      *bool              `json:"antiAffinity,omitempty"`
	MonthlyBilled     *bool              `json:"monthlyBilled,omitempty"`
	AvailabilityZones []string           `json:"availabilityZones"`
	Autoscaling       *NodePoolAutoscale `json:"autoscaling,omitempty"`
	AttachFloatingIPs *AttachFloatingIPs `json:"attachFloatingIps,omitempty"`
	Template          *NodePoolTemplate  `json:"template,omitempty"`
}

// NodePoolUpdate is the PUT body: only these fields change in place. The
// template is replaced as a whole.
type NodePoolUpdate struct {
	DesiredNodes      *int64             `json:"desiredNodes,omitempty"`
	MinNodes          *int64             `json:"minNodes,omitempty"`
	MaxNodes          *int64             `json:"maxNodes,omitempty"`
	Autoscale         *bool              `json:"autoscale,omitempty"`
	Autoscaling       *NodePoolAutoscale `json:"autoscaling,omitempty"`
	AttachFloatingIPs *AttachFloatingIPs `json:"attachFloatingIps,omitempty"`
	Template          *NodePoolTemplate  `json:"template,omitempty"`
	// NodesToRemove names the nodes a lowering of desiredNodes removes (node
	// ids, OpenStack instance ids or Kubernetes provider ids), instead of
	// letting the API choose. Left out when empty.
	NodesToRemove []string `json:"nodesToRemove,omitempty"`
}

// Node is one node of a cluster. The API's nullable members are pointers:
// nil is its null.
type Node struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	InstanceID *string `json:"instanceId"` // the Public Cloud instance; null until it exists
	NodePoolID string  `json:"nodePoolId"`
	ProjectID  string  `json:"projectId"`
	Flavor     string  `json:"flavor"`
	Status     string  `json:"status"`
	Version    string  `json:"version"`
	IsUpToDate bool    `json:"isUpToDate"`
	CreatedAt  string  `json:"createdAt"`
	UpdatedAt  string  `json:"updatedAt"`
	DeployedAt *string `json:"deployedAt"` // null until the node is deployed
	DeletedAt  *string `json:"deletedAt"`  // null until the node is deleted
}

// Flavor is an instance flavor a node pool of the cluster may use.
type Flavor struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	State    string `json:"state"`
	VCPUs    int64  `json:"vCPUs"`
	RAM      int64  `json:"ram"`
	GPUs     int64  `json:"gpus"`
}

// ListNodePools returns the cluster's node pools as full objects.
func (c *Client) ListNodePools(ctx context.Context, serviceName, kubeID string) ([]NodePool, error) {
	p, err := kubePath(serviceName, kubeID, "~nodepool")
	if err != nil {
		return nil, err
	}
	var pools []NodePool
	return pools, c.call(ctx, http.MethodGet, p, nil, &pools)
}

// CreateNodePool asks for a new node pool; the answer is usually INSTALLING.
func (c *Client) CreateNodePool(ctx context.Context, serviceName, kubeID string, req NodePoolCreate) (*NodePool, error) {
	p, err := kubePath(serviceName, kubeID, "~nodepool")
	if err != nil {
		return nil, err
	}
	var np NodePool
	if err := c.call(ctx, http.MethodPost, p, req, &np); err != nil {
		return nil, err
	}
	return &np, nil
}

// GetNodePool reads one node pool; a missing one is an error for which
// IsNotFound is true.
func (c *Client) GetNodePool(ctx context.Context, serviceName, kubeID, id string) (*NodePool, error) {
	p, err := kubePath(serviceName, kubeID, "~nodepool", id)
	if err != nil {
		return nil, err
	}
	var np NodePool
	if err := c.call(ctx, http.MethodGet, p, nil, &np); err != nil {
		return nil, err
	}
	return &np, nil
}

// UpdateNodePool changes a node pool in place.
func (c *Client) UpdateNodePool(ctx context.Context, serviceName, kubeID, id string, req NodePoolUpdate) error {
	p, err := kubePath(serviceName, kubeID, "~nodepool", id)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, p, req, nil)
}

// DeleteNodePool starts the deletion of a node pool and its nodes.
func (c *Client) DeleteNodePool(ctx context.Context, serviceName, kubeID, id string) error {
	p, err := kubePath(serviceName, kubeID, "~nodepool", id)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, p, nil, nil)
}

// ListNodePoolNodes returns the nodes of one pool, every page of them.
func (c *Client) ListNodePoolNodes(ctx context.Context, serviceName, kubeID, id string) ([]Node, error) {
	p, err := kubePath(serviceName, kubeID, "~nodepool", id, "~nodes")
	if err != nil {
		return nil, err
	}
	return getAllPages[Node](ctx, c, p)
}

// ListNodes returns every node of the cluster, every page of them.
func (c *Client) ListNodes(ctx context.Context, serviceName, kubeID string) ([]Node, error) {
	p, err := kubePath(serviceName, kubeID, "~node")
	if err != nil {
		return nil, err
	}
	return getAllPages[Node](ctx, c, p)
}

// ListFlavors returns the flavors the cluster's node pools may use.
func (c *Client) ListFlavors(ctx context.Context, serviceName, kubeID string) ([]Flavor, error) {
	p, err := kubePath(serviceName, kubeID, "~flavors")
	if err != nil {
		return nil, err
	}
	var flavors []Flavor
	return flavors, c.call(ctx, http.MethodGet, p, nil, &flavors)
}
