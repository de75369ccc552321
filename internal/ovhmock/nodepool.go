package ovhmock

import (
	"maps"
	"slices"
	"time"
)

// NodePool is the mock's model of a node pool; its JSON form is the API's
// node pool object. CurrentNodes, AvailableNodes, UpToDateNodes and
// SizeStatus are always computed from the pool's nodes.
type NodePool struct {
	ID                string              `json:"id"`
	ProjectID         string              `json:"projectId"`
	Name              string              `json:"name"`
	Flavor            string              `json:"flavor"`
	Status            string              `json:"status"`
	SizeStatus        string              `json:"sizeStatus"`
	Autoscale         bool                `json:"autoscale"`
	AntiAffinity      bool                `json:"antiAffinity"`
	MonthlyBilled     bool                `json:"monthlyBilled"`
	Autoscaling       NodePoolAutoscaling `json:"autoscaling"`
	AvailabilityZones []string            `json:"availabilityZones"`
	// AttachFloatingIPs is null on Free-plan clusters, which cannot attach
	// floating IPs.
	AttachFloatingIPs *AttachFloatingIPs `json:"attachFloatingIps"`
	DesiredNodes      int                `json:"desiredNodes"`
	MinNodes          int                `json:"minNodes"`
	MaxNodes          int                `json:"maxNodes"`
	CurrentNodes      int                `json:"currentNodes"`
	AvailableNodes    int                `json:"availableNodes"`
	UpToDateNodes     int                `json:"upToDateNodes"`
	Template          NodePoolTemplate   `json:"template"`
	CreatedAt         time.Time          `json:"createdAt"`
	UpdatedAt         time.Time          `json:"updatedAt"`
}

// NodePoolAutoscaling are the cluster autoscaler's settings of a pool.
type NodePoolAutoscaling struct {
	ScaleDownUnneededTimeSeconds  int     `json:"scaleDownUnneededTimeSeconds"`
	ScaleDownUnreadyTimeSeconds   int     `json:"scaleDownUnreadyTimeSeconds"`
	ScaleDownUtilizationThreshold float64 `json:"scaleDownUtilizationThreshold"`
}

// Autoscaling settings a creation leaves out.
const (
	DefaultScaleDownUnneededTimeSeconds  = 600
	DefaultScaleDownUnreadyTimeSeconds   = 1200
	DefaultScaleDownUtilizationThreshold = 0.5
)

// AttachFloatingIPs says whether each node gets a public floating IP.
type AttachFloatingIPs struct {
	Enabled bool `json:"enabled"`
}

// NodePoolTemplate is what the pool spreads to its Kubernetes nodes. The
// mock always answers every key, empty maps and lists included.
type NodePoolTemplate struct {
	Metadata NodePoolTemplateMetadata `json:"metadata"`
	Spec     NodePoolTemplateSpec     `json:"spec"`
}

// NodePoolTemplateMetadata is the Kubernetes metadata of the nodes.
type NodePoolTemplateMetadata struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	Finalizers  []string          `json:"finalizers"`
}

// NodePoolTemplateSpec is the Kubernetes spec of the nodes.
type NodePoolTemplateSpec struct {
	Unschedulable bool    `json:"unschedulable"`
	Taints        []Taint `json:"taints"`
}

// Taint is a Kubernetes taint; Effect is NoExecute, NoSchedule or
// PreferNoSchedule.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Effect string `json:"effect"`
}

// Node is a node of a pool, as GET /node answers it (cloud.kube.Node).
type Node struct {
	ID   string `json:"id"`
	Name string `json:"name"` // <pool name>-node-<6 hex digits>
	// InstanceID is the OpenStack server: null while the node is
	// INSTALLING, set once its installation ends.
	InstanceID *string `json:"instanceId"`
	NodePoolID string  `json:"nodePoolId"`
	ProjectID  string  `json:"projectId"`
	Flavor     string  `json:"flavor"`
	Status     string  `json:"status"`
	Version    string  `json:"version"`
	// IsUpToDate tells whether the node runs the cluster's version; it is
	// computed, and ignored in a state file.
	IsUpToDate bool       `json:"isUpToDate"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	DeployedAt *time.Time `json:"deployedAt"` // null until the node is deployed
	DeletedAt  *time.Time `json:"deletedAt"`  // null until the node is DELETED

	// instance is the server reserved for an INSTALLING node, shown as
	// InstanceID when its installation ends.
	instance string
}

// Statuses of node pools and nodes beyond the cluster ones.
const (
	StatusUpscaling   = "UPSCALING"
	StatusDownscaling = "DOWNSCALING"
	StatusDeleted     = "DELETED" // nodes listed with ?history=true
)

// Values of NodePool.SizeStatus.
const (
	SizeUnderCapacity = "UNDER_CAPACITY" // fewer ready nodes than desired
	SizeCapacityOK    = "CAPACITY_OK"
	SizeOverCapacity  = "OVER_CAPACITY" // more nodes than desired, while some are removed
)

// knownPoolStatuses is cloud.kube.NodePoolStatusEnum of the published
// schema (20 values): the cluster's 16, DOWNSCALING, UPSCALING,
// USER_NODE_NOT_FOUND_ERROR and USER_NODE_SUSPENDED_SERVICE.
var knownPoolStatuses = []string{
	"DELETED", "DELETING", "DOWNSCALING", "ERROR", "INSTALLING", "MAINTENANCE", "READY",
	"REDEPLOYING", "REOPENING", "RESETTING", "SUSPENDED", "SUSPENDING", "UNKNOWN", "UPDATING",
	"UPSCALING", "USER_ERROR", "USER_NODE_NOT_FOUND_ERROR", "USER_NODE_SUSPENDED_SERVICE",
	"USER_QUOTA_ERROR", "USER_WEBHOOK_PREVENTING_OPERATIONS_ERROR",
}

// knownNodeStatuses is cloud.kube.NodeStatusEnum of the published schema
// (19 values): unlike a pool, a node has FLAVOR_OUT_OF_STOCK_ERROR and
// neither UPSCALING nor DOWNSCALING.
var knownNodeStatuses = []string{
	"DELETED", "DELETING", "ERROR", "FLAVOR_OUT_OF_STOCK_ERROR", "INSTALLING", "MAINTENANCE", "READY",
	"REDEPLOYING", "REOPENING", "RESETTING", "SUSPENDED", "SUSPENDING", "UNKNOWN", "UPDATING",
	"USER_ERROR", "USER_NODE_NOT_FOUND_ERROR", "USER_NODE_SUSPENDED_SERVICE",
	"USER_QUOTA_ERROR", "USER_WEBHOOK_PREVENTING_OPERATIONS_ERROR",
}

// failedPoolStatus reports the states in which nothing happens by waiting;
// such a pool can still be deleted.
func failedPoolStatus(s string) bool {
	return failedStatus(s) || s == "USER_NODE_NOT_FOUND_ERROR" || s == "USER_NODE_SUSPENDED_SERVICE"
}

// Size limits of a node pool.
const (
	maxPoolNodes         = 100
	maxAntiAffinityNodes = 5
)

var taintEffects = []string{"NoExecute", "NoSchedule", "PreferNoSchedule"}

func (p NodePool) clone() NodePool {
	p.AvailabilityZones = slices.Clone(p.AvailabilityZones)
	p.AttachFloatingIPs = clonePtr(p.AttachFloatingIPs)
	p.Template = p.Template.clone()
	return p
}

func (t NodePoolTemplate) clone() NodePoolTemplate {
	t.Metadata.Labels = maps.Clone(t.Metadata.Labels)
	t.Metadata.Annotations = maps.Clone(t.Metadata.Annotations)
	t.Metadata.Finalizers = slices.Clone(t.Metadata.Finalizers)
	t.Spec.Taints = slices.Clone(t.Spec.Taints)
	return t
}

// normalised returns the template with every map and list present, as GET
// answers it.
func (t NodePoolTemplate) normalised() NodePoolTemplate {
	t = t.clone()
	if t.Metadata.Labels == nil {
		t.Metadata.Labels = map[string]string{}
	}
	if t.Metadata.Annotations == nil {
		t.Metadata.Annotations = map[string]string{}
	}
	t.Metadata.Finalizers = cmpOr(t.Metadata.Finalizers, []string{})
	if t.Spec.Taints == nil {
		t.Spec.Taints = []Taint{}
	}
	return t
}

func (n Node) clone() Node {
	n.InstanceID = clonePtr(n.InstanceID)
	n.DeployedAt = clonePtr(n.DeployedAt)
	n.DeletedAt = clonePtr(n.DeletedAt)
	return n
}
