package kube

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// logSubscriptionModel is the state and plan of
// ovh_cloud_project_kube_log_subscription, named as in the official provider.
type logSubscriptionModel struct {
	ID             types.String   `tfsdk:"id"`
	ServiceName    types.String   `tfsdk:"service_name"`
	KubeID         types.String   `tfsdk:"kube_id"`
	Kind           types.String   `tfsdk:"kind"`
	StreamID       types.String   `tfsdk:"stream_id"`
	SubscriptionID types.String   `tfsdk:"subscription_id"`
	CreatedAt      types.String   `tfsdk:"created_at"`
	UpdatedAt      types.String   `tfsdk:"updated_at"`
	Resource       types.List     `tfsdk:"resource"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

func (m *logSubscriptionModel) timeoutsBlock() timeouts.Value { return m.Timeouts }

// setFromAPI fills the model from the subscription the API holds.
func (m *logSubscriptionModel) setFromAPI(s *ovhapi.LogSubscription) diag.Diagnostics {
	m.ID, m.SubscriptionID = types.StringValue(s.SubscriptionID), types.StringValue(s.SubscriptionID)
	m.Kind, m.StreamID = types.StringValue(s.Kind), types.StringValue(s.StreamID)
	m.CreatedAt, m.UpdatedAt = types.StringValue(s.CreatedAt), types.StringValue(s.UpdatedAt)
	var diags diag.Diagnostics
	m.Resource, diags = logResourceList(s.Resource)
	return diags
}

// setCreated fills the computed attributes of a subscription whose id is
// known but which could not be read: the state must hold no unknown value.
func (m *logSubscriptionModel) setCreated(id string) {
	m.ID, m.SubscriptionID = types.StringValue(id), types.StringValue(id)
	for _, v := range []*types.String{&m.CreatedAt, &m.UpdatedAt} {
		if v.IsUnknown() {
			*v = types.StringValue("")
		}
	}
	if m.Resource.IsUnknown() {
		m.Resource = types.ListValueMust(logResourceType, []attr.Value{})
	}
}

func logResourceList(r ovhapi.LogSubscriptionResource) (types.List, diag.Diagnostics) {
	obj, diags := types.ObjectValue(logResourceType.AttrTypes, map[string]attr.Value{
		"name": types.StringValue(r.Name), "type": types.StringValue(r.Type),
	})
	if diags.HasError() {
		return types.ListNull(logResourceType), diags
	}
	return types.ListValueMust(logResourceType, []attr.Value{obj}), nil
}
