package kube

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// NewLogSubscriptionsDataSource returns the
// ovh_cloud_project_kube_log_subscriptions data source.
func NewLogSubscriptionsDataSource() datasource.DataSource {
	return &logSubscriptionsDataSource{dataSourceBase{typeName: "_cloud_project_kube_log_subscriptions", schema: logSubscriptionsDataSourceSchema}}
}

type logSubscriptionsDataSource struct {
	dataSourceBase
}

type logSubscriptionsModel struct {
	ServiceName   types.String `tfsdk:"service_name"`
	KubeID        types.String `tfsdk:"kube_id"`
	Kind          types.String `tfsdk:"kind"`
	Subscriptions types.List   `tfsdk:"subscriptions"`
}

func (m *logSubscriptionsModel) configuredServiceName() types.String { return m.ServiceName }

// logSubscriptionItemType is an element of subscriptions.
var logSubscriptionItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"subscription_id": types.StringType, "kind": types.StringType, "stream_id": types.StringType,
	"ldp_service_name": types.StringType, "created_at": types.StringType, "updated_at": types.StringType,
	"resource": types.ListType{ElemType: logResourceType},
}}

func logSubscriptionsDataSourceSchema() schema.Schema {
	attrs := clusterLookupAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"kind": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Only the subscriptions of this kind; every kind when left out. " + logKindDesc,
			Validators:          []validator.String{validate.NewOneOf(logKindAudit)},
		},
		"subscriptions": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The cluster's log subscriptions, oldest first as the API lists them; empty when there is none.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"subscription_id":  computedString(logSubIDDesc),
				"kind":             computedString(logKindDesc),
				"stream_id":        computedString("The id of the Logs Data Platform stream the logs go to."),
				"ldp_service_name": computedString(logSubServiceDesc),
				"created_at":       computedString(logCreatedAtDesc),
				"updated_at":       computedString(logUpdatedAtDesc),
				"resource": schema.ListNestedAttribute{
					Computed:            true,
					MarkdownDescription: logResourceDesc,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"name": computedString(logResNameDesc),
						"type": computedString(logResTypeDesc),
					}},
				},
			}},
		},
	})
	return schema.Schema{
		MarkdownDescription: "Lists the log subscriptions of an OVHcloud Managed Kubernetes cluster, each with its Logs Data " +
			"Platform stream: for example to check, in a `check` block, that the audit logs of a cluster are forwarded.",
		Attributes: attrs,
	}
}

func (d *logSubscriptionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg logSubscriptionsModel
	serviceName, ok := readConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	kubeID := cfg.KubeID.ValueString()
	const summary = "Cannot read the log subscriptions"
	ids, err := d.client.ListLogSubscriptions(ctx, serviceName, kubeID, cfg.Kind.ValueString())
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	items := []attr.Value{}
	for _, id := range ids {
		s, err := d.client.GetLogSubscription(ctx, serviceName, kubeID, id)
		if ovhapi.IsNotFound(err) {
			continue // deleted since the list
		}
		if err != nil {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("Reading subscription %s: %s", id, err))
			return
		}
		res, diags := logResourceList(s.Resource)
		resp.Diagnostics.Append(diags...)
		item, diags := types.ObjectValue(logSubscriptionItemType.AttrTypes, map[string]attr.Value{
			"subscription_id": types.StringValue(s.SubscriptionID), "kind": types.StringValue(s.Kind),
			"stream_id": types.StringValue(s.StreamID), "ldp_service_name": types.StringValue(s.ServiceName),
			"created_at": types.StringValue(s.CreatedAt), "updated_at": types.StringValue(s.UpdatedAt), "resource": res,
		})
		resp.Diagnostics.Append(diags...)
		items = append(items, item)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.ServiceName = types.StringValue(serviceName)
	cfg.Subscriptions = types.ListValueMust(logSubscriptionItemType, items)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
