package kube

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// NewKubeconfigEphemeralResource returns the ephemeral resource
// ovh_cloud_project_kube_kubeconfig: a cluster's kubeconfig, fetched each time
// Terraform opens it and never written to a plan or a state.
func NewKubeconfigEphemeralResource() ephemeral.EphemeralResource {
	return &kubeconfigEphemeral{}
}

type kubeconfigEphemeral struct {
	base
}

var _ ephemeral.EphemeralResourceWithConfigure = (*kubeconfigEphemeral)(nil)

// kubeconfigEphemeralModel is the ephemeral resource's arguments and results.
type kubeconfigEphemeralModel struct {
	ServiceName          types.String `tfsdk:"service_name"`
	KubeID               types.String `tfsdk:"kube_id"`
	Kubeconfig           types.String `tfsdk:"kubeconfig"`
	Host                 types.String `tfsdk:"host"`
	ClusterCACertificate types.String `tfsdk:"cluster_ca_certificate"`
	ClientCertificate    types.String `tfsdk:"client_certificate"`
	ClientKey            types.String `tfsdk:"client_key"`
}

func (e *kubeconfigEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_project_kube_kubeconfig"
}

func (e *kubeconfigEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = kubeconfigEphemeralSchema()
}

func kubeconfigEphemeralSchema() schema.Schema {
	part := func(what string) schema.StringAttribute {
		return schema.StringAttribute{
			Computed:  true,
			Sensitive: true,
			MarkdownDescription: what + ", base64-encoded as in the kubeconfig file (the form of the resource's " +
				"`kubeconfig_attributes`): pass it through `base64decode()` to the `kubernetes` and `helm` providers.",
		}
	}
	return schema.Schema{
		MarkdownDescription: "The kubeconfig of a Managed Kubernetes cluster, fetched from the API (`POST /kubeconfig`) " +
			"each time Terraform opens it, during a plan and again during an apply, and never written to a plan " +
			"or a state file. Feed it to the `kubernetes` or `helm` provider so that no client key lands in the " +
			"state; with `kubeconfig_in_state = false` on `ovh_cloud_project_kube`, the cluster's state holds none " +
			"either. Needs Terraform 1.10 or OpenTofu 1.11 or later.",
		Attributes: map[string]schema.Attribute{
			"service_name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The id of the Public Cloud project. Defaults to the environment variable " +
					"`OVH_CLOUD_PROJECT_SERVICE`.",
				Validators: []validator.String{validate.ServiceName},
			},
			"kube_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the cluster.",
				Validators:          []validator.String{validate.Printable{Max: 128}},
			},
			"kubeconfig": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The kubeconfig file (YAML), with the cluster's admin client certificate and key.",
			},
			"host": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The URL of the cluster's API server.",
			},
			"cluster_ca_certificate": part("The certificate of the cluster's certificate authority"),
			"client_certificate":     part("The admin client certificate"),
			"client_key":             part("The admin client private key"),
		},
	}
}

func (e *kubeconfigEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.configure(req.ProviderData, &resp.Diagnostics)
}

func (e *kubeconfigEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m kubeconfigEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	serviceName, ok := serviceNameOf(m.ServiceName, &resp.Diagnostics)
	if !ok {
		return
	}
	if e.client == nil {
		resp.Diagnostics.AddError("Provider not configured",
			"The ovh provider was not configured before the kubeconfig was opened. Please report this issue.")
		return
	}
	content, parts, diags := fetchKubeconfig(ctx, e.client, serviceName, m.KubeID.ValueString())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "kubeconfig opened", map[string]any{"service_name": serviceName, "kube_id": m.KubeID.ValueString()})
	m.ServiceName = types.StringValue(serviceName)
	m.Kubeconfig = types.StringValue(content)
	m.Host = types.StringValue(parts.Host)
	m.ClusterCACertificate = types.StringValue(parts.ClusterCACertificate)
	m.ClientCertificate = types.StringValue(parts.ClientCertificate)
	m.ClientKey = types.StringValue(parts.ClientKey)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
