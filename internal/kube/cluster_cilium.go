package kube

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// The Cilium customization of Standard-plan clusters: its model, schema,
// expand, flatten and checks, in the order of the customization_cilium
// block.

var meshServiceTypes = []string{"LoadBalancer", "NodePort"}

const serviceTypeNodePort = "NodePort"

type ciliumModel struct {
	ClusterID   types.Int64        `tfsdk:"cluster_id"`
	ClusterMesh []clusterMeshModel `tfsdk:"cluster_mesh"`
	Hubble      []hubbleModel      `tfsdk:"hubble"`
}

type clusterMeshModel struct {
	Enabled   types.Bool           `tfsdk:"enabled"`
	APIServer []meshAPIServerModel `tfsdk:"api_server"`
}

type meshAPIServerModel struct {
	NodePort    types.Int64  `tfsdk:"node_port"`
	ServiceType types.String `tfsdk:"service_type"`
}

type hubbleModel struct {
	Enabled types.Bool      `tfsdk:"enabled"`
	Relay   []enabledModel  `tfsdk:"relay"`
	UI      []hubbleUIModel `tfsdk:"ui"`
}

type enabledModel struct {
	Enabled types.Bool `tfsdk:"enabled"`
}

type hubbleUIModel struct {
	Enabled           types.Bool       `tfsdk:"enabled"`
	BackendResources  []resourcesModel `tfsdk:"backend_resources"`
	FrontendResources []resourcesModel `tfsdk:"frontend_resources"`
}

type resourcesModel struct {
	Limits   []quantitiesModel `tfsdk:"limits"`
	Requests []quantitiesModel `tfsdk:"requests"`
}

type quantitiesModel struct {
	CPU    types.String `tfsdk:"cpu"`
	Memory types.String `tfsdk:"memory"`
}

// ---- schema ----

const notReverted = " Settings left out of the configuration are not compared and are not reverted."

func optionalBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, MarkdownDescription: description}
}

func enabledBlock(description string) schema.ListNestedBlock {
	return maxOneBlock(description, schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
		"enabled": optionalBool("Whether it is enabled."),
	}})
}

// quantitiesBlock: cpu and memory are plain strings in the schema ("format
// according to Kubernetes specification", unchecked), so a value that is not
// a Kubernetes quantity gets a warning.
func quantitiesBlock(description string) schema.ListNestedBlock {
	return maxOneBlock(description, schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
		"cpu": schema.StringAttribute{Optional: true, Validators: []validator.String{validate.Advisory{String: validate.Quantity{}}},
			MarkdownDescription: "CPU, as a Kubernetes quantity such as `500m` or `1`."},
		"memory": schema.StringAttribute{Optional: true, Validators: []validator.String{validate.Advisory{String: validate.Quantity{}}},
			MarkdownDescription: "Memory, as a Kubernetes quantity such as `512Mi` or `1Gi`."},
	}})
}

func resourcesBlock(description string) schema.ListNestedBlock {
	return maxOneBlock(description, schema.NestedBlockObject{Blocks: map[string]schema.Block{
		"limits":   quantitiesBlock("The most the container may use."),
		"requests": quantitiesBlock("What the container is guaranteed."),
	}})
}

func ciliumBlock() schema.ListNestedBlock {
	return maxOneBlock("Customization of Cilium, the CNI of `standard` clusters (it has no effect on `free` ones, and the "+
		"plan warns about it). Updated in place (`PUT /customization` carrying only the `cilium` key)."+notReverted,
		schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				// Cilium's range; the schema's clusterId is a plain integer
				// and no report shows the API refusing another: a warning.
				"cluster_id": schema.Int64Attribute{Optional: true,
					Validators:          []validator.Int64{validate.Int64Bounds(1, 255, "Cilium numbers the clusters of a ClusterMesh from 1 to 255")},
					MarkdownDescription: "The id of the cluster in a ClusterMesh, from 1 to 255."},
			},
			Blocks: map[string]schema.Block{
				"cluster_mesh": maxOneBlock("ClusterMesh, which connects the pods of several clusters.", schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{"enabled": optionalBool("Whether ClusterMesh is enabled.")},
					Blocks: map[string]schema.Block{
						"api_server": maxOneBlock("How the ClusterMesh API server is exposed.", schema.NestedBlockObject{
							Attributes: map[string]schema.Attribute{
								"service_type": schema.StringAttribute{Optional: true,
									Validators:          []validator.String{validate.NewOneOf(meshServiceTypes...)},
									MarkdownDescription: "`LoadBalancer` or `NodePort`."},
								"node_port": schema.Int64Attribute{Optional: true,
									Validators: []validator.Int64{validate.Int64Bounds(30000, 32767,
										"Kubernetes gives node ports from 30000 to 32767 unless the cluster is configured otherwise")},
									MarkdownDescription: "The node port, from 30000 to 32767; only with `service_type = \"NodePort\"`."},
							},
						}),
					},
				}),
				"hubble": maxOneBlock("Hubble, Cilium's network observability.", schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{"enabled": optionalBool("Whether Hubble is enabled.")},
					Blocks: map[string]schema.Block{
						"relay": enabledBlock("Hubble Relay, which gathers the flows of every node."),
						"ui": maxOneBlock("Hubble UI.", schema.NestedBlockObject{
							Attributes: map[string]schema.Attribute{"enabled": optionalBool("Whether Hubble UI is enabled.")},
							Blocks: map[string]schema.Block{
								"backend_resources":  resourcesBlock("Resources of the UI's backend."),
								"frontend_resources": resourcesBlock("Resources of the UI's frontend."),
							},
						}),
					},
				}),
			},
		})
}

// ---- expand ----

func expandCilium(blocks []ciliumModel) *ovhapi.CiliumCustomization {
	if len(blocks) == 0 {
		return nil
	}
	b := blocks[0]
	out := &ovhapi.CiliumCustomization{ClusterID: int64Ptr(b.ClusterID)}
	if len(b.ClusterMesh) > 0 {
		cm := b.ClusterMesh[0]
		out.ClusterMesh = &ovhapi.CiliumClusterMesh{Enabled: boolPtr(cm.Enabled)}
		if len(cm.APIServer) > 0 {
			out.ClusterMesh.APIServer = &ovhapi.CiliumMeshAPIServer{
				NodePort: int64Ptr(cm.APIServer[0].NodePort), ServiceType: strPtr(cm.APIServer[0].ServiceType),
			}
		}
	}
	if len(b.Hubble) > 0 {
		h := b.Hubble[0]
		out.Hubble = &ovhapi.CiliumHubble{Enabled: boolPtr(h.Enabled)}
		if len(h.Relay) > 0 {
			out.Hubble.Relay = &ovhapi.CiliumEnabled{Enabled: boolPtr(h.Relay[0].Enabled)}
		}
		if len(h.UI) > 0 {
			ui := h.UI[0]
			out.Hubble.UI = &ovhapi.CiliumHubbleUI{
				Enabled:           boolPtr(ui.Enabled),
				BackendResources:  expandResources(ui.BackendResources),
				FrontendResources: expandResources(ui.FrontendResources),
			}
		}
	}
	return out
}

func expandResources(blocks []resourcesModel) *ovhapi.CiliumResources {
	if len(blocks) == 0 {
		return nil
	}
	q := func(b []quantitiesModel) *ovhapi.CiliumQuantities {
		if len(b) == 0 {
			return nil
		}
		return &ovhapi.CiliumQuantities{CPU: strPtr(b[0].CPU), Memory: strPtr(b[0].Memory)}
	}
	return &ovhapi.CiliumResources{Limits: q(blocks[0].Limits), Requests: q(blocks[0].Requests)}
}

// ---- flatten ----

func guidedInt64(guide types.Int64, api *int64, importing bool) types.Int64 {
	if !importing && guide.IsNull() {
		return types.Int64Null()
	}
	return optInt64(api)
}

func guidedBool(guide types.Bool, api *bool, importing bool) types.Bool {
	if !importing && guide.IsNull() || api == nil {
		return types.BoolNull()
	}
	return types.BoolValue(*api)
}

// flattenCilium keeps the shape of the guide: what it leaves out stays out
// (the API may report defaults nobody set); on import everything the API
// reports is taken.
func flattenCilium(api *ovhapi.CiliumCustomization, guide []ciliumModel, importing bool) []ciliumModel {
	return guidedBlock(guide, api, importing, func(g ciliumModel, a ovhapi.CiliumCustomization) ciliumModel {
		return ciliumModel{
			ClusterID: guidedInt64(g.ClusterID, a.ClusterID, importing),
			ClusterMesh: guidedBlock(g.ClusterMesh, a.ClusterMesh, importing, func(g clusterMeshModel, a ovhapi.CiliumClusterMesh) clusterMeshModel {
				return clusterMeshModel{
					Enabled: guidedBool(g.Enabled, a.Enabled, importing),
					APIServer: guidedBlock(g.APIServer, a.APIServer, importing, func(g meshAPIServerModel, a ovhapi.CiliumMeshAPIServer) meshAPIServerModel {
						return meshAPIServerModel{
							NodePort:    guidedInt64(g.NodePort, a.NodePort, importing),
							ServiceType: guidedString(g.ServiceType, a.ServiceType, importing),
						}
					}),
				}
			}),
			Hubble: guidedBlock(g.Hubble, a.Hubble, importing, func(g hubbleModel, a ovhapi.CiliumHubble) hubbleModel {
				return hubbleModel{
					Enabled: guidedBool(g.Enabled, a.Enabled, importing),
					Relay: guidedBlock(g.Relay, a.Relay, importing, func(g enabledModel, a ovhapi.CiliumEnabled) enabledModel {
						return enabledModel{Enabled: guidedBool(g.Enabled, a.Enabled, importing)}
					}),
					UI: guidedBlock(g.UI, a.UI, importing, func(g hubbleUIModel, a ovhapi.CiliumHubbleUI) hubbleUIModel {
						return hubbleUIModel{
							Enabled:           guidedBool(g.Enabled, a.Enabled, importing),
							BackendResources:  flattenResources(a.BackendResources, g.BackendResources, importing),
							FrontendResources: flattenResources(a.FrontendResources, g.FrontendResources, importing),
						}
					}),
				}
			}),
		}
	})
}

func flattenResources(api *ovhapi.CiliumResources, guide []resourcesModel, importing bool) []resourcesModel {
	q := func(api *ovhapi.CiliumQuantities, guide []quantitiesModel) []quantitiesModel {
		return guidedBlock(guide, api, importing, func(g quantitiesModel, a ovhapi.CiliumQuantities) quantitiesModel {
			return quantitiesModel{CPU: guidedString(g.CPU, a.CPU, importing), Memory: guidedString(g.Memory, a.Memory, importing)}
		})
	}
	return guidedBlock(guide, api, importing, func(g resourcesModel, a ovhapi.CiliumResources) resourcesModel {
		return resourcesModel{Limits: q(a.Limits, g.Limits), Requests: q(a.Requests, g.Requests)}
	})
}

// ciliumMatches reports whether got holds every setting of want; settings
// want leaves out are not compared.
func ciliumMatches(got, want *ovhapi.CiliumCustomization) bool {
	if want == nil {
		return true
	}
	if got == nil {
		got = &ovhapi.CiliumCustomization{}
	}
	return subsetJSON(got, want)
}

// ---- checks ----

// validateCilium checks what involves several attributes: a node port only
// with the NodePort service type.
func validateCilium(blocks []ciliumModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(blocks) == 0 || len(blocks[0].ClusterMesh) == 0 || len(blocks[0].ClusterMesh[0].APIServer) == 0 {
		return diags
	}
	as := blocks[0].ClusterMesh[0].APIServer[0]
	if as.NodePort.IsNull() || as.NodePort.IsUnknown() || as.ServiceType.IsUnknown() || as.ServiceType.ValueString() == serviceTypeNodePort {
		return diags
	}
	p := path.Root("customization_cilium").AtListIndex(0).AtName("cluster_mesh").AtListIndex(0).AtName("api_server").AtListIndex(0).AtName("node_port")
	got := "not set"
	if !as.ServiceType.IsNull() {
		got = fmt.Sprintf("%q", as.ServiceType.ValueString())
	}
	// API-MKS.md §4: nodePort is used only with NodePort; nothing says the
	// API refuses it otherwise, and the schema does not: a warning.
	diags.AddAttributeWarning(p, "node_port needs the NodePort service type",
		fmt.Sprintf("Attribute %s: %d is set but service_type is %s; a node port is only used with service_type = \"NodePort\". "+
			"Set service_type = \"NodePort\", or remove node_port. %s", p, as.NodePort.ValueInt64(), got, validate.MayRefuse))
	return diags
}

// subsetJSON reports whether every value set in want is set to the same in
// got, comparing their JSON forms: the API may add defaults nobody set.
func subsetJSON(got, want any) bool {
	var g, w any
	gb, err1 := json.Marshal(got)
	wb, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil || json.Unmarshal(gb, &g) != nil || json.Unmarshal(wb, &w) != nil {
		return false
	}
	return jsonSubset(g, w)
}

func jsonSubset(got, want any) bool {
	wm, ok := want.(map[string]any)
	if !ok {
		return reflect.DeepEqual(got, want)
	}
	gm, _ := got.(map[string]any)
	for k, wv := range wm {
		if !jsonSubset(gm[k], wv) {
			return false
		}
	}
	return true
}

// mergeCilium overlays the settings of over on base: the body of a change
// that keeps what the configuration does not set.
func mergeCilium(base, over *ovhapi.CiliumCustomization) *ovhapi.CiliumCustomization {
	if base == nil {
		return over
	}
	var b, o map[string]any
	bb, err1 := json.Marshal(base)
	ob, err2 := json.Marshal(over)
	if err1 != nil || err2 != nil || json.Unmarshal(bb, &b) != nil || json.Unmarshal(ob, &o) != nil {
		return over
	}
	merged, err := json.Marshal(mergeJSON(b, o))
	var out ovhapi.CiliumCustomization
	if err != nil || json.Unmarshal(merged, &out) != nil {
		return over
	}
	return &out
}

func mergeJSON(base, over map[string]any) map[string]any {
	for k, v := range over {
		if vm, ok := v.(map[string]any); ok {
			if bm, ok := base[k].(map[string]any); ok {
				base[k] = mergeJSON(bm, vm)
				continue
			}
		}
		base[k] = v
	}
	return base
}
