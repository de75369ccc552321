package ovhmock

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
)

// CiliumCustomization is the cilium key of the customization object, which
// only Standard-plan clusters accept. Every member is a pointer: what was
// never set stays absent, and an explicit false or 0 is told from it.
type CiliumCustomization struct {
	ClusterID   *int64             `json:"clusterId,omitempty"`
	ClusterMesh *CiliumClusterMesh `json:"clusterMesh,omitempty"`
	Hubble      *CiliumHubble      `json:"hubble,omitempty"`
}

// CiliumClusterMesh connects the cluster to other Cilium clusters.
type CiliumClusterMesh struct {
	Enabled   *bool                       `json:"enabled,omitempty"`
	APIServer *CiliumClusterMeshAPIServer `json:"apiServer,omitempty"`
}

// CiliumClusterMeshAPIServer is how the ClusterMesh API server is exposed.
// NodePort is only used with ServiceType "NodePort".
type CiliumClusterMeshAPIServer struct {
	ServiceType *string `json:"serviceType,omitempty"`
	NodePort    *int64  `json:"nodePort,omitempty"`
}

// CiliumHubble configures Hubble, its relay and its UI.
type CiliumHubble struct {
	Enabled *bool              `json:"enabled,omitempty"`
	Relay   *CiliumHubbleRelay `json:"relay,omitempty"`
	UI      *CiliumHubbleUI    `json:"ui,omitempty"`
}

// CiliumHubbleRelay switches the Hubble relay.
type CiliumHubbleRelay struct {
	Enabled *bool `json:"enabled,omitempty"`
}

// CiliumHubbleUI configures the Hubble UI and the resources of its two
// containers.
type CiliumHubbleUI struct {
	Enabled           *bool            `json:"enabled,omitempty"`
	BackendResources  *CiliumResources `json:"backendResources,omitempty"`
	FrontendResources *CiliumResources `json:"frontendResources,omitempty"`
}

// CiliumResources are the limits and requests of a container.
type CiliumResources struct {
	Limits   *CiliumResourceList `json:"limits,omitempty"`
	Requests *CiliumResourceList `json:"requests,omitempty"`
}

// CiliumResourceList holds Kubernetes quantities ("500m", "128Mi"), echoed
// as they were sent.
type CiliumResourceList struct {
	CPU    *string `json:"cpu,omitempty"`
	Memory *string `json:"memory,omitempty"`
}

// Values of CiliumClusterMeshAPIServer.ServiceType.
var ciliumServiceTypes = []string{"LoadBalancer", "NodePort"}

// Bounds of the integers of the cilium key.
const (
	ciliumMinClusterID = 1
	ciliumMaxClusterID = 255
	ciliumMinNodePort  = 30000
	ciliumMaxNodePort  = 32767
)

func ciliumSchema() *schema {
	const prefix = "cloud.kube.Customization.Cilium"
	quantity := format("quantity", validQuantity)
	quantity.invalid = "is not a valid Kubernetes quantity"
	resourceList := object(prefix+".Hubble.UI.ResourceList", map[string]*schema{
		"cpu":    quantity,
		"memory": quantity,
	})
	resources := object(prefix+".Hubble.UI.Resources", map[string]*schema{
		"limits":   resourceList,
		"requests": resourceList,
	})
	return object(prefix, map[string]*schema{
		"clusterId": intRange(ciliumMinClusterID, ciliumMaxClusterID),
		"clusterMesh": object(prefix+".ClusterMesh", map[string]*schema{
			"enabled": boolean(),
			"apiServer": object(prefix+".ClusterMesh.APIServer", map[string]*schema{
				"serviceType": enum("CiliumClusterMeshServiceTypeEnum", ciliumServiceTypes...),
				"nodePort":    intRange(ciliumMinNodePort, ciliumMaxNodePort),
			}),
		}),
		"hubble": object(prefix+".Hubble", map[string]*schema{
			"enabled": boolean(),
			"relay": object(prefix+".Hubble.Relay", map[string]*schema{
				"enabled": boolean(),
			}),
			"ui": object(prefix+".Hubble.UI", map[string]*schema{
				"enabled":           boolean(),
				"backendResources":  resources,
				"frontendResources": resources,
			}),
		}),
	})
}

// quantityPattern is a plain decimal number with an optional binary or
// decimal suffix: the common form of Kubernetes quantities. Signs and
// exponents, which Kubernetes also parses, are refused: nobody sizes a
// container with them.
var quantityPattern = regexp.MustCompile(`^([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$`)

func validQuantity(s string) bool { return quantityPattern.MatchString(s) }

// checkCustomization applies the rules of a customization that its schema
// cannot express, for a cluster on the given plan. prefix is where the
// customization object sits in the request ("customization." in a creation
// or reset, "" in PUT /customization).
func (m *Mock) checkCustomization(prefix string, c *Customization, plan string) error {
	if err := checkAdmissionPlugins(prefix, c); err != nil {
		return err
	}
	if c == nil || c.Cilium == nil {
		return nil
	}
	if err := checkCiliumNodePort(prefix, c.Cilium); err != nil {
		return err
	}
	if plan != "standard" && m.opts.CiliumOnFree != CiliumOnFreeAccept {
		return fieldError(prefix+"cilium", "Cilium customization needs the standard plan; this cluster is on the %s plan", plan)
	}
	return nil
}

// checkCiliumNodePort refuses a node port for a ClusterMesh API server
// exposed through a load balancer, where it would mean nothing.
func checkCiliumNodePort(prefix string, c *CiliumCustomization) *apiError {
	if c.ClusterMesh == nil || c.ClusterMesh.APIServer == nil {
		return nil
	}
	a := c.ClusterMesh.APIServer
	if a.NodePort != nil && deref(a.ServiceType, "") == "LoadBalancer" {
		return fieldError(prefix+"cilium.clusterMesh.apiServer.nodePort",
			"nodePort cannot be set with serviceType LoadBalancer, only with NodePort")
	}
	return nil
}

// checkStoredCilium refuses, in a preloaded cluster, a cilium key that the
// API would have refused, whatever the cluster's plan: a state file may
// come from a mock accepting Cilium on Free clusters. The error is the
// message the API would have answered.
func (m *Mock) checkStoredCilium(c *CiliumCustomization) error {
	if c == nil {
		return nil
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	apiErr := m.schemas.customization.fields["cilium"].check("customization.cilium", v)
	if apiErr == nil {
		apiErr = checkCiliumNodePort("customization.", c)
	}
	if apiErr != nil {
		return errors.New(apiErr.Message)
	}
	return nil
}

func (c *CiliumCustomization) clone() *CiliumCustomization {
	if c == nil {
		return nil
	}
	out := &CiliumCustomization{ClusterID: clonePtr(c.ClusterID)}
	if mesh := c.ClusterMesh; mesh != nil {
		out.ClusterMesh = &CiliumClusterMesh{Enabled: clonePtr(mesh.Enabled)}
		if a := mesh.APIServer; a != nil {
			out.ClusterMesh.APIServer = &CiliumClusterMeshAPIServer{
				ServiceType: clonePtr(a.ServiceType),
				NodePort:    clonePtr(a.NodePort),
			}
		}
	}
	if h := c.Hubble; h != nil {
		out.Hubble = &CiliumHubble{Enabled: clonePtr(h.Enabled)}
		if r := h.Relay; r != nil {
			out.Hubble.Relay = &CiliumHubbleRelay{Enabled: clonePtr(r.Enabled)}
		}
		if ui := h.UI; ui != nil {
			out.Hubble.UI = &CiliumHubbleUI{
				Enabled:           clonePtr(ui.Enabled),
				BackendResources:  ui.BackendResources.clone(),
				FrontendResources: ui.FrontendResources.clone(),
			}
		}
	}
	return out
}

func (r *CiliumResources) clone() *CiliumResources {
	if r == nil {
		return nil
	}
	return &CiliumResources{Limits: r.Limits.clone(), Requests: r.Requests.clone()}
}

func (l *CiliumResourceList) clone() *CiliumResourceList {
	if l == nil {
		return nil
	}
	return &CiliumResourceList{CPU: clonePtr(l.CPU), Memory: clonePtr(l.Memory)}
}
