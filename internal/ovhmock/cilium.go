package ovhmock

import (
	"bytes"
	"encoding/json"
	"errors"
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

// ciliumSchema follows the schema's cloud.ProjectKubeCustomizationCilium:
// nodePort is a plain integer, cpu and memory plain strings ("format
// according to Kubernetes specification", which the schema does not check).
// clusterId, which the newest schema lacks and an older one has as a plain
// integer, is accepted as one.
func ciliumSchema() *schema {
	const prefix = "cloud.ProjectKubeCustomizationCilium"
	resourceList := object("cloud.ProjectKubeResources", map[string]*schema{
		"cpu":    str(),
		"memory": str(),
	})
	resources := object(prefix+"HubbleUIResources", map[string]*schema{
		"limits":   resourceList,
		"requests": resourceList,
	})
	return object(prefix, map[string]*schema{
		"clusterId": integer(),
		"clusterMesh": object(prefix+"ClusterMesh", map[string]*schema{
			"enabled": boolean(),
			"apiServer": object(prefix+"ClusterMeshApiServer", map[string]*schema{
				"serviceType": enum(prefix+"ClusterMeshApiServerServiceTypeEnum", ciliumServiceTypes...),
				"nodePort":    integer(),
			}),
		}),
		"hubble": object(prefix+"Hubble", map[string]*schema{
			"enabled": boolean(),
			"relay": object(prefix+"HubbleRelay", map[string]*schema{
				"enabled": boolean(),
			}),
			"ui": object(prefix+"HubbleUI", map[string]*schema{
				"enabled":           boolean(),
				"backendResources":  resources,
				"frontendResources": resources,
			}),
		}),
	})
}

// checkCustomization applies the rules of a customization that its schema
// cannot express, for a cluster on the given plan. prefix is where the
// customization object sits in the request ("customization." in a creation
// or reset, "" in PUT /customization).
func (m *Mock) checkCustomization(prefix string, c *Customization, plan string) error {
	if c == nil || c.Cilium == nil {
		return nil
	}
	if plan != "standard" && m.opts.CiliumOnFree != CiliumOnFreeAccept {
		return fieldError(prefix+"cilium", "Cilium customization needs the standard plan; this cluster is on the %s plan", plan)
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
	if apiErr := m.schemas.customization.fields["cilium"].check("customization.cilium", v); apiErr != nil {
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
