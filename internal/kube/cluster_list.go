package kube

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// NewClusterList returns the list resource of ovh_cloud_project_kube: the
// clusters of a project.
func NewClusterList() list.ListResource {
	return &clusterList{listBase{typeName: "_cloud_project_kube"}}
}

type clusterList struct {
	listBase
}

var _ list.ListResourceWithConfigure = (*clusterList)(nil)

type clusterListModel struct {
	ServiceName types.String `tfsdk:"service_name"`
	Region      types.String `tfsdk:"region"`
	NamePrefix  types.String `tfsdk:"name_prefix"`
}

func (m *clusterListModel) configuredServiceName() types.String { return m.ServiceName }

func (l *clusterList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the Managed Kubernetes clusters of a Public Cloud project, for `terraform query` " +
			"(Terraform 1.14 and later).",
		Attributes: map[string]listschema.Attribute{
			"service_name": listServiceNameAttribute(),
			"region": listschema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only the clusters of this region, for example `GRA11` (compared without regard to " +
					"case).",
				Validators: []validator.String{validate.Printable{Max: 64}},
			},
			"name_prefix": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the clusters whose name starts with this prefix (case-sensitive).",
			},
		},
	}
}

// List reads the project's clusters one by one, in the order of their ids,
// and stops at the request's limit.
func (l *clusterList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg clusterListModel
	var diags diag.Diagnostics
	sn, ok := l.start(ctx, req.Config, &cfg, &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	region, prefix := cfg.Region.ValueString(), cfg.NamePrefix.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		ids, err := l.client.ListKubes(ctx, sn)
		if err != nil {
			push(listedBy("clusters", sn, err))
			return
		}
		slices.Sort(ids)
		n := 0
		for _, id := range ids {
			if limited(req, n) {
				return
			}
			k, err := l.client.GetKube(ctx, sn, id)
			if ovhapi.IsNotFound(err) {
				continue // deleted since the list
			}
			if err != nil {
				push(listError("Cannot read a cluster", "Reading the cluster "+id+" of project \""+sn+"\" failed: "+err.Error()))
				return
			}
			if region != "" && !strings.EqualFold(k.Region, region) || !strings.HasPrefix(k.Name, prefix) {
				continue
			}
			if !push(l.result(ctx, req, sn, k)) {
				return
			}
			n++
		}
	}
}

func (l *clusterList) result(ctx context.Context, req list.ListRequest, sn string, k *ovhapi.Kube) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = k.Name
	if result.DisplayName == "" {
		result.DisplayName = k.ID
	}
	result.Diagnostics.Append(result.Identity.Set(ctx, clusterIdentity{
		ServiceName: types.StringValue(sn), ID: types.StringValue(k.ID),
	})...)
	if req.IncludeResource {
		result.Diagnostics.Append(l.imported(ctx, result.Resource, sn, k)...)
	}
	return result
}

// imported sets out to what an import of the cluster followed by a refresh
// holds: the resource's ImportState, then its Read on the API's answer k.
func (l *clusterList) imported(ctx context.Context, out *tfsdk.Resource, sn string, k *ovhapi.Kube) diag.Diagnostics {
	r := &clusterResource{resourceBase{base: l.base, typeName: l.typeName, schema: clusterSchema}}
	state, diags := importedState(ctx, *out, r, sn+"/"+k.ID)
	if diags.HasError() {
		return diags
	}
	// The Read's GET is the one the list made (see getKube).
	ctx = context.WithValue(ctx, refreshKey{}, &refreshRecord{serviceName: sn, id: k.ID, kube: k, read: true})
	resp := resource.ReadResponse{State: tfsdk.State{Schema: state.Schema, Raw: state.Raw.Copy()}}
	r.Read(ctx, resource.ReadRequest{State: state}, &resp)
	diags.Append(resp.Diagnostics...)
	out.Raw = resp.State.Raw
	return diags
}
