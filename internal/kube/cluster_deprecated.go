package kube

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// The deprecated customization { apiserver { admissionplugins { ... } } }
// block: the same API field as customization_apiserver, under the official
// provider's older spelling. The resource works on the effective settings,
// and writes the API's answer back into whichever spelling the
// configuration (or the state) uses.

type deprecatedCustomizationModel struct {
	APIServer []apiServerModel `tfsdk:"apiserver"`
}

// usesDeprecated reports whether the model holds the older spelling.
func (m *clusterModel) usesDeprecated() bool {
	return len(m.Customization) > 0
}

// effective returns the attributes with the API server settings of
// whichever spelling the model uses, for the requests to the API.
func (m *clusterModel) effective() clusterAttributes {
	a := m.clusterAttributes
	if m.usesDeprecated() {
		a.CustomizationAPIServer = m.Customization[0].APIServer
	}
	return a
}

// effectiveModel is the model with the effective attributes.
func (m *clusterModel) effectiveModel() clusterModel {
	e := *m
	e.clusterAttributes = m.effective()
	return e
}

// readAPI copies the cluster object into the model, guided by guide (the
// prior state or the plan), and fills the deprecated spelling when the guide
// uses it. An import takes the current spelling.
func (m *clusterModel) readAPI(ctx context.Context, serviceName string, k *ovhapi.Kube, guide *clusterModel, importing bool) diag.Diagnostics {
	diags := m.setFromAPI(ctx, serviceName, k, &guide.clusterAttributes, importing)
	m.Customization = nil
	if importing || !guide.usesDeprecated() {
		return diags
	}
	var cu ovhapi.Customization
	if k.Customization != nil {
		cu = *k.Customization
	}
	as, d := flattenAPIServer(ctx, cu.APIServer, guide.Customization[0].APIServer, false)
	diags.Append(d...)
	m.Customization = []deprecatedCustomizationModel{{APIServer: as}}
	return diags
}

// validateDeprecatedCustomization refuses both spellings at once, and checks
// the plugins of the older one as those of the current one.
func validateDeprecatedCustomization(ctx context.Context, config clusterModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if !config.usesDeprecated() {
		return diags
	}
	if len(config.CustomizationAPIServer) > 0 {
		diags.AddAttributeError(path.Root("customization"), "Conflicting API server customization",
			"customization (deprecated) and customization_apiserver both set the API server's admission plugins; use only "+
				"customization_apiserver. Move the content of customization { apiserver { ... } } into customization_apiserver { ... }.")
		return diags
	}
	diags.Append(validateAdmissionPluginsAt(ctx, config.Customization[0].APIServer,
		path.Root("customization").AtListIndex(0).AtName("apiserver").AtListIndex(0))...)
	return diags
}
