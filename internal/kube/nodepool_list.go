package kube

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// NewNodePoolList returns the list resource of
// ovh_cloud_project_kube_nodepool: the node pools of a cluster, or of every
// cluster of a project.
func NewNodePoolList() list.ListResource {
	return &nodePoolList{listBase{typeName: "_cloud_project_kube_nodepool"}}
}

type nodePoolList struct {
	listBase
}

var _ list.ListResourceWithConfigure = (*nodePoolList)(nil)

type nodePoolListModel struct {
	ServiceName types.String `tfsdk:"service_name"`
	KubeID      types.String `tfsdk:"kube_id"`
}

func (m *nodePoolListModel) configuredServiceName() types.String { return m.ServiceName }

func (l *nodePoolList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the node pools of a Managed Kubernetes cluster, or of every cluster of a Public " +
			"Cloud project, for `terraform query` (Terraform 1.14 and later).",
		Attributes: map[string]listschema.Attribute{
			"service_name": listServiceNameAttribute(),
			"kube_id": listschema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The id of the cluster whose node pools to list. Left out, the node pools of every " +
					"cluster of the project are listed.",
				Validators: []validator.String{validate.Printable{Max: 128}},
			},
		},
	}
}

// List reads the node pools of each cluster (one request a cluster, which
// answers whole pools), clusters and pools in the order of their ids, and
// stops at the request's limit.
func (l *nodePoolList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg nodePoolListModel
	var diags diag.Diagnostics
	sn, ok := l.start(ctx, req.Config, &cfg, &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	kubeID := cfg.KubeID.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		kubeIDs := []string{kubeID}
		if kubeID == "" {
			ids, err := l.client.ListKubes(ctx, sn)
			if err != nil {
				push(listedBy("clusters", sn, err))
				return
			}
			slices.Sort(ids)
			kubeIDs = ids
		}
		n := 0
		for _, id := range kubeIDs {
			if limited(req, n) {
				return
			}
			pools, err := l.client.ListNodePools(ctx, sn, id)
			if err != nil && kubeID == "" && ovhapi.IsNotFound(err) {
				continue // deleted since the list
			}
			if err != nil {
				push(listError("Cannot list the node pools",
					"Listing the node pools of cluster \""+id+"\" of project \""+sn+"\" failed: "+err.Error()))
				return
			}
			slices.SortFunc(pools, func(a, b ovhapi.NodePool) int { return strings.Compare(a.ID, b.ID) })
			for i := range pools {
				if limited(req, n) {
					return
				}
				if !push(l.result(ctx, req, sn, id, &pools[i])) {
					return
				}
				n++
			}
		}
	}
}

func (l *nodePoolList) result(ctx context.Context, req list.ListRequest, sn, kubeID string, np *ovhapi.NodePool) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = np.Name + " (cluster " + kubeID + ")"
	result.Diagnostics.Append(result.Identity.Set(ctx, nodePoolIdentity{
		ServiceName: types.StringValue(sn), KubeID: types.StringValue(kubeID), ID: types.StringValue(np.ID),
	})...)
	if req.IncludeResource {
		result.Diagnostics.Append(l.imported(ctx, result.Resource, sn, kubeID, np)...)
	}
	return result
}

// imported sets out to what an import of the pool followed by a refresh
// holds: the resource's ImportState, then what its Read makes of the API's
// answer np after an import (setFromAPI, guided by the imported state).
func (l *nodePoolList) imported(ctx context.Context, out *tfsdk.Resource, sn, kubeID string, np *ovhapi.NodePool) diag.Diagnostics {
	r := &nodePoolResource{resourceBase{base: l.base, typeName: l.typeName, schema: nodePoolSchema}}
	state, diags := importedState(ctx, *out, r, sn+"/"+kubeID+"/"+np.ID)
	if diags.HasError() {
		return diags
	}
	var m nodePoolModel
	diags.Append(state.Get(ctx, &m)...)
	if diags.HasError() {
		return diags
	}
	next := m
	diags.Append(next.setFromAPI(ctx, sn, kubeID, np, &m, true)...)
	out.Raw = state.Raw
	diags.Append(out.Set(ctx, &next)...)
	return diags
}
