package kube

import (
	"context"

	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// clusterAttributes are the attributes that the resource and the data source
// share: a field added here is read by both.
type clusterAttributes struct {
	ID                          types.String        `tfsdk:"id"`
	ServiceName                 types.String        `tfsdk:"service_name"`
	Name                        types.String        `tfsdk:"name"`
	Region                      types.String        `tfsdk:"region"`
	Version                     types.String        `tfsdk:"version"`
	Plan                        types.String        `tfsdk:"plan"`
	KubeProxyMode               types.String        `tfsdk:"kube_proxy_mode"`
	CustomizationAPIServer      []apiServerModel    `tfsdk:"customization_apiserver"`
	CustomizationKubeProxy      []kubeProxyModel    `tfsdk:"customization_kube_proxy"`
	CustomizationCilium         []ciliumModel       `tfsdk:"customization_cilium"`
	PrivateNetworkID            types.String        `tfsdk:"private_network_id"`
	NodesSubnetID               types.String        `tfsdk:"nodes_subnet_id"`
	LoadBalancersSubnetID       types.String        `tfsdk:"load_balancers_subnet_id"`
	PrivateNetworkConfiguration []privateNetModel   `tfsdk:"private_network_configuration"`
	UpdatePolicy                types.String        `tfsdk:"update_policy"`
	IPAllocationPolicy          []ipAllocationModel `tfsdk:"ip_allocation_policy"`
	Status                      types.String        `tfsdk:"status"`
	URL                         types.String        `tfsdk:"url"`
	NodesURL                    types.String        `tfsdk:"nodes_url"`
	IsUpToDate                  types.Bool          `tfsdk:"is_up_to_date"`
	ControlPlaneIsUpToDate      types.Bool          `tfsdk:"control_plane_is_up_to_date"`
	NextUpgradeVersions         types.Set           `tfsdk:"next_upgrade_versions"`
	AuditLogsSubscribed         types.Bool          `tfsdk:"audit_logs_subscribed"`
	Kubeconfig                  types.String        `tfsdk:"kubeconfig"`
	KubeconfigAttributes        types.List          `tfsdk:"kubeconfig_attributes"`
}

// clusterModel is the resource's state and plan.
type clusterModel struct {
	clusterAttributes
	Customization          []deprecatedCustomizationModel `tfsdk:"customization"`
	ResetInsteadOfReplace  types.Bool                     `tfsdk:"reset_instead_of_replace"`
	ResetWorkerNodesPolicy types.String                   `tfsdk:"reset_worker_nodes_policy"`
	KubeconfigInState      types.Bool                     `tfsdk:"kubeconfig_in_state"`
	Timeouts               timeouts.Value                 `tfsdk:"timeouts"`
}

func (m *clusterModel) timeoutsBlock() timeouts.Value { return m.Timeouts }

// wantsKubeconfig reports whether the kubeconfig belongs in the state:
// kubeconfig_in_state is true, or not set yet (a state written by the
// official provider or by an import).
func (m *clusterModel) wantsKubeconfig() bool {
	return m.KubeconfigInState.IsNull() || m.KubeconfigInState.ValueBool()
}

type apiServerModel struct {
	AdmissionPlugins []admissionPluginsModel `tfsdk:"admissionplugins"`
}

type admissionPluginsModel struct {
	Enabled  types.List `tfsdk:"enabled"`
	Disabled types.List `tfsdk:"disabled"`
}

type kubeProxyModel struct {
	IPTables []iptablesModel `tfsdk:"iptables"`
	IPVS     []ipvsModel     `tfsdk:"ipvs"`
}

type iptablesModel struct {
	MinSyncPeriod isoduration.Duration `tfsdk:"min_sync_period"`
	SyncPeriod    isoduration.Duration `tfsdk:"sync_period"`
}

type ipvsModel struct {
	MinSyncPeriod isoduration.Duration `tfsdk:"min_sync_period"`
	SyncPeriod    isoduration.Duration `tfsdk:"sync_period"`
	Scheduler     types.String         `tfsdk:"scheduler"`
	TCPTimeout    isoduration.Duration `tfsdk:"tcp_timeout"`
	TCPFinTimeout isoduration.Duration `tfsdk:"tcp_fin_timeout"`
	UDPTimeout    isoduration.Duration `tfsdk:"udp_timeout"`
}

type privateNetModel struct {
	DefaultVrackGateway            types.String `tfsdk:"default_vrack_gateway"`
	PrivateNetworkRoutingAsDefault types.Bool   `tfsdk:"private_network_routing_as_default"`
}

type ipAllocationModel struct {
	PodsIPv4CIDR     types.String `tfsdk:"pods_ipv4_cidr"`
	ServicesIPv4CIDR types.String `tfsdk:"services_ipv4_cidr"`
}

// ---- expand: Terraform values to API payloads ----

// strPtr returns nil for null, unknown or empty values: the API treats an
// empty string as a value (and refuses it for uuids), so it is never sent.
func strPtr(v types.String) *string {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return nil
	}
	s := v.ValueString()
	return &s
}

func durPtr(v isoduration.Duration) *string { return strPtr(v.StringValue) }

func expandKubeProxy(blocks []kubeProxyModel) *ovhapi.KubeProxyCustomization {
	if len(blocks) == 0 {
		return nil
	}
	out := &ovhapi.KubeProxyCustomization{}
	if b := blocks[0].IPTables; len(b) > 0 {
		out.IPTables = &ovhapi.KubeProxyIPTables{
			MinSyncPeriod: durPtr(b[0].MinSyncPeriod),
			SyncPeriod:    durPtr(b[0].SyncPeriod),
		}
	}
	if b := blocks[0].IPVS; len(b) > 0 {
		out.IPVS = &ovhapi.KubeProxyIPVS{
			MinSyncPeriod: durPtr(b[0].MinSyncPeriod),
			SyncPeriod:    durPtr(b[0].SyncPeriod),
			Scheduler:     strPtr(b[0].Scheduler),
			TCPTimeout:    durPtr(b[0].TCPTimeout),
			TCPFinTimeout: durPtr(b[0].TCPFinTimeout),
			UDPTimeout:    durPtr(b[0].UDPTimeout),
		}
	}
	return out
}

func expandAPIServer(ctx context.Context, blocks []apiServerModel) (*ovhapi.APIServerCustomization, diag.Diagnostics) {
	var diags diag.Diagnostics
	if len(blocks) == 0 {
		return nil, diags
	}
	out := &ovhapi.APIServerCustomization{}
	if ap := blocks[0].AdmissionPlugins; len(ap) > 0 {
		plugins := &ovhapi.AdmissionPlugins{Enabled: []string{}, Disabled: []string{}}
		diags.Append(listInto(ctx, ap[0].Enabled, &plugins.Enabled)...)
		diags.Append(listInto(ctx, ap[0].Disabled, &plugins.Disabled)...)
		out.AdmissionPlugins = plugins
	}
	return out, diags
}

func listInto(ctx context.Context, l types.List, out *[]string) diag.Diagnostics {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	return l.ElementsAs(ctx, out, false)
}

// customization returns the whole customization object for a create or a reset,
// or nil when nothing is customized.
func (m *clusterAttributes) customization(ctx context.Context) (*ovhapi.Customization, diag.Diagnostics) {
	apiServer, diags := expandAPIServer(ctx, m.CustomizationAPIServer)
	kubeProxy := expandKubeProxy(m.CustomizationKubeProxy)
	cilium := expandCilium(m.CustomizationCilium)
	if apiServer == nil && kubeProxy == nil && cilium == nil {
		return nil, diags
	}
	return &ovhapi.Customization{APIServer: apiServer, KubeProxy: kubeProxy, Cilium: cilium}, diags
}

func expandPrivateNetworkConfiguration(blocks []privateNetModel) *ovhapi.PrivateNetworkConfiguration {
	if len(blocks) == 0 {
		return nil
	}
	return &ovhapi.PrivateNetworkConfiguration{
		DefaultVrackGateway:            blocks[0].DefaultVrackGateway.ValueString(),
		PrivateNetworkRoutingAsDefault: blocks[0].PrivateNetworkRoutingAsDefault.ValueBool(),
	}
}

func expandIPAllocationPolicy(blocks []ipAllocationModel) *ovhapi.IPAllocationPolicy {
	if len(blocks) == 0 {
		return nil
	}
	p := &ovhapi.IPAllocationPolicy{
		PodsIPv4CIDR:     strPtr(blocks[0].PodsIPv4CIDR),
		ServicesIPv4CIDR: strPtr(blocks[0].ServicesIPv4CIDR),
	}
	if p.PodsIPv4CIDR == nil && p.ServicesIPv4CIDR == nil {
		return nil
	}
	return p
}

// createRequest sends only what the configuration sets.
func (m *clusterAttributes) createRequest(ctx context.Context) (ovhapi.KubeCreate, diag.Diagnostics) {
	cu, diags := m.customization(ctx)
	return ovhapi.KubeCreate{
		Region:                      m.Region.ValueString(),
		Name:                        strPtr(m.Name),
		Version:                     strPtr(m.Version),
		Plan:                        strPtr(m.Plan),
		UpdatePolicy:                strPtr(m.UpdatePolicy),
		KubeProxyMode:               strPtr(m.KubeProxyMode),
		Customization:               cu,
		PrivateNetworkID:            strPtr(m.PrivateNetworkID),
		PrivateNetworkConfiguration: expandPrivateNetworkConfiguration(m.PrivateNetworkConfiguration),
		NodesSubnetID:               strPtr(m.NodesSubnetID),
		LoadBalancersSubnetID:       strPtr(m.LoadBalancersSubnetID),
		IPAllocationPolicy:          expandIPAllocationPolicy(m.IPAllocationPolicy),
	}, diags
}

// resetRequest carries the complete desired configuration: whatever a reset
// is not given goes back to its default.
func (m *clusterModel) resetRequest(ctx context.Context) (ovhapi.KubeReset, diag.Diagnostics) {
	cu, diags := m.customization(ctx)
	policy := m.ResetWorkerNodesPolicy.ValueString()
	if policy == "" {
		policy = workerNodesDelete
	}
	return ovhapi.KubeReset{
		Name:                        strPtr(m.Name),
		Version:                     strPtr(m.Version),
		KubeProxyMode:               strPtr(m.KubeProxyMode),
		Customization:               cu,
		UpdatePolicy:                strPtr(m.UpdatePolicy),
		PrivateNetworkID:            strPtr(m.PrivateNetworkID),
		PrivateNetworkConfiguration: expandPrivateNetworkConfiguration(m.PrivateNetworkConfiguration),
		NodesSubnetID:               strPtr(m.NodesSubnetID),
		LoadBalancersSubnetID:       strPtr(m.LoadBalancersSubnetID),
		IPAllocationPolicy:          expandIPAllocationPolicy(m.IPAllocationPolicy),
		WorkerNodesPolicy:           &policy,
	}, diags
}

// ---- flatten: API answers to Terraform values ----

// minorVersion turns "1.31.4" into "1.31", the form the configuration uses.
func minorVersion(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// optString maps the API's absent values (null or "") to null.
func optString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

// guided returns the API's value where the guide (the prior state or the
// plan) has a value, and null where it has none. The API may echo defaults the
// user never set; they must not show up as changes.
func guidedString(guide types.String, api *string, importing bool) types.String {
	if !importing && guide.IsNull() {
		return types.StringNull()
	}
	return optString(api)
}

func guidedDuration(guide isoduration.Duration, api *string, importing bool) isoduration.Duration {
	if !importing && guide.IsNull() {
		return isoduration.NewDurationNull()
	}
	if api == nil || *api == "" {
		return isoduration.NewDurationNull()
	}
	if importing && isoduration.Equal(*api, "PT0S") {
		// The API answers P0D for zero; OVHcloud's examples and most
		// configurations write PT0S, so an import matches them.
		return isoduration.NewDurationValue("PT0S")
	}
	if !guide.IsUnknown() && guide.ValueString() != *api && isoduration.Equal(guide.ValueString(), *api) {
		// The same length of time in the guide's form, which the
		// framework's semantic equality would restore anyway: a refresh
		// that finds nothing new then leaves the state as it was.
		return guide
	}
	return isoduration.NewDurationValue(*api)
}

// guidedBlock flattens a block of at most one element from the API's object:
// it is kept where the guide has it, or on import where the API has it, and
// flatten receives the guide's element (zero if none) and the API's object
// (zero if none).
func guidedBlock[M, A any](guide []M, api *A, importing bool, flatten func(g M, a A) M) []M {
	if !importing && len(guide) == 0 {
		return nil
	}
	if api == nil {
		if importing {
			return nil
		}
		api = new(A)
	}
	var g M
	if len(guide) > 0 {
		g = guide[0]
	}
	return []M{flatten(g, *api)}
}

// flattenKubeProxy builds the customization_kube_proxy blocks. guide is nil on
// import, where everything the API reports is taken.
func flattenKubeProxy(api *ovhapi.KubeProxyCustomization, guide []kubeProxyModel, importing bool) []kubeProxyModel {
	if api == nil {
		api = &ovhapi.KubeProxyCustomization{}
	}
	out := guidedBlock(guide, api, importing, func(g kubeProxyModel, a ovhapi.KubeProxyCustomization) kubeProxyModel {
		return kubeProxyModel{
			IPTables: guidedBlock(g.IPTables, a.IPTables, importing, func(g iptablesModel, a ovhapi.KubeProxyIPTables) iptablesModel {
				return iptablesModel{
					MinSyncPeriod: guidedDuration(g.MinSyncPeriod, a.MinSyncPeriod, importing),
					SyncPeriod:    guidedDuration(g.SyncPeriod, a.SyncPeriod, importing),
				}
			}),
			IPVS: guidedBlock(g.IPVS, a.IPVS, importing, func(g ipvsModel, a ovhapi.KubeProxyIPVS) ipvsModel {
				return ipvsModel{
					MinSyncPeriod: guidedDuration(g.MinSyncPeriod, a.MinSyncPeriod, importing),
					SyncPeriod:    guidedDuration(g.SyncPeriod, a.SyncPeriod, importing),
					Scheduler:     guidedString(g.Scheduler, a.Scheduler, importing),
					TCPTimeout:    guidedDuration(g.TCPTimeout, a.TCPTimeout, importing),
					TCPFinTimeout: guidedDuration(g.TCPFinTimeout, a.TCPFinTimeout, importing),
					UDPTimeout:    guidedDuration(g.UDPTimeout, a.UDPTimeout, importing),
				}
			}),
		}
	})
	if importing && out[0].IPTables == nil && out[0].IPVS == nil {
		return nil
	}
	return out
}

func flattenAPIServer(ctx context.Context, api *ovhapi.APIServerCustomization, guide []apiServerModel, importing bool) ([]apiServerModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !importing && len(guide) == 0 {
		return nil, diags
	}
	if importing && (api == nil || api.AdmissionPlugins == nil) {
		return nil, diags
	}
	out := apiServerModel{}
	var g apiServerModel
	if len(guide) > 0 {
		g = guide[0]
	}
	if importing || len(g.AdmissionPlugins) > 0 {
		var gp admissionPluginsModel
		if len(g.AdmissionPlugins) > 0 {
			gp = g.AdmissionPlugins[0]
		} else {
			gp = admissionPluginsModel{Enabled: types.ListNull(types.StringType), Disabled: types.ListNull(types.StringType)}
		}
		var enabled, disabled []string
		if api != nil && api.AdmissionPlugins != nil {
			enabled, disabled = api.AdmissionPlugins.Enabled, api.AdmissionPlugins.Disabled
		}
		e, d1 := guidedList(ctx, gp.Enabled, enabled, importing)
		d, d2 := guidedList(ctx, gp.Disabled, disabled, importing)
		diags.Append(d1...)
		diags.Append(d2...)
		out.AdmissionPlugins = []admissionPluginsModel{{Enabled: e, Disabled: d}}
	}
	return []apiServerModel{out}, diags
}

// guidedList keeps the guide's order when the API answers the same set of
// plugins in another order.
func guidedList(ctx context.Context, guide types.List, api []string, importing bool) (types.List, diag.Diagnostics) {
	if !importing && guide.IsNull() {
		return types.ListNull(types.StringType), nil
	}
	if importing && len(api) == 0 {
		return types.ListNull(types.StringType), nil
	}
	if !guide.IsNull() && !guide.IsUnknown() {
		var g []string
		if diags := guide.ElementsAs(ctx, &g, false); !diags.HasError() && sameSet(g, api) {
			return guide, nil
		}
	}
	if api == nil {
		api = []string{}
	}
	return types.ListValueFrom(ctx, types.StringType, api)
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

func flattenPrivateNetworkConfiguration(api *ovhapi.PrivateNetworkConfiguration, guide []privateNetModel, importing bool) []privateNetModel {
	return guidedBlock(guide, api, importing, func(_ privateNetModel, a ovhapi.PrivateNetworkConfiguration) privateNetModel {
		return privateNetModel{
			DefaultVrackGateway:            types.StringValue(a.DefaultVrackGateway),
			PrivateNetworkRoutingAsDefault: types.BoolValue(a.PrivateNetworkRoutingAsDefault),
		}
	})
}

func flattenIPAllocationPolicy(api *ovhapi.IPAllocationPolicy, guide []ipAllocationModel, importing bool) []ipAllocationModel {
	return guidedBlock(guide, api, importing, func(g ipAllocationModel, a ovhapi.IPAllocationPolicy) ipAllocationModel {
		return ipAllocationModel{
			PodsIPv4CIDR:     guidedString(g.PodsIPv4CIDR, a.PodsIPv4CIDR, importing),
			ServicesIPv4CIDR: guidedString(g.ServicesIPv4CIDR, a.ServicesIPv4CIDR, importing),
		}
	})
}

// setFromAPI copies the cluster object into the model. guide is the prior
// state or the plan: optional blocks the user did not configure stay absent.
// importing takes everything the API reports (import and data source).
func (m *clusterAttributes) setFromAPI(ctx context.Context, serviceName string, k *ovhapi.Kube, guide *clusterAttributes, importing bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if guide == nil {
		guide = &clusterAttributes{}
	}
	m.ID = types.StringValue(k.ID)
	m.ServiceName = types.StringValue(serviceName)
	m.Name = types.StringValue(k.Name)
	m.Region = types.StringValue(k.Region)
	m.Version = types.StringValue(minorVersion(k.Version))
	m.Plan = optString(&k.Plan)
	m.KubeProxyMode = optString(&k.KubeProxyMode)
	m.UpdatePolicy = optString(&k.UpdatePolicy)
	m.PrivateNetworkID = optString(k.PrivateNetworkID)
	m.NodesSubnetID = optString(k.NodesSubnetID)
	m.LoadBalancersSubnetID = optString(k.LoadBalancersSubnetID)
	m.Status = types.StringValue(k.Status)
	m.URL = types.StringValue(k.URL)
	m.NodesURL = types.StringValue(k.NodesURL)
	m.IsUpToDate = types.BoolValue(k.IsUpToDate)
	m.ControlPlaneIsUpToDate = types.BoolValue(k.ControlPlaneIsUpToDate)
	m.AuditLogsSubscribed = types.BoolValue(k.AuditLogsSubscribed)
	next := k.NextUpgradeVersions
	if next == nil {
		next = []string{}
	}
	nv, d := types.SetValueFrom(ctx, types.StringType, next)
	diags.Append(d...)
	m.NextUpgradeVersions = nv

	var cu ovhapi.Customization
	if k.Customization != nil {
		cu = *k.Customization
	}
	m.CustomizationKubeProxy = flattenKubeProxy(cu.KubeProxy, guide.CustomizationKubeProxy, importing)
	m.CustomizationCilium = flattenCilium(cu.Cilium, guide.CustomizationCilium, importing)
	as, d := flattenAPIServer(ctx, cu.APIServer, guide.CustomizationAPIServer, importing)
	diags.Append(d...)
	m.CustomizationAPIServer = as
	m.PrivateNetworkConfiguration = flattenPrivateNetworkConfiguration(k.PrivateNetworkConfiguration, guide.PrivateNetworkConfiguration, importing)
	m.IPAllocationPolicy = flattenIPAllocationPolicy(k.IPAllocationPolicy, guide.IPAllocationPolicy, importing)
	return diags
}

// setKubeconfig stores the kubeconfig and its parts.
func (m *clusterAttributes) setKubeconfig(content string, parts kubeconfigParts) diag.Diagnostics {
	list, diags := parts.list()
	m.Kubeconfig = types.StringValue(content)
	m.KubeconfigAttributes = list
	return diags
}

// clearKubeconfig drops the kubeconfig; the next plan then shows it fetched
// by the apply, when kubeconfig_in_state wants it.
func (m *clusterAttributes) clearKubeconfig() {
	m.Kubeconfig = types.StringNull()
	m.KubeconfigAttributes = types.ListNull(kubeconfigElemType())
}

func (m *clusterAttributes) hasKubeconfig() bool {
	return !m.Kubeconfig.IsNull() && !m.Kubeconfig.IsUnknown() && m.Kubeconfig.ValueString() != "" &&
		!m.KubeconfigAttributes.IsNull() && !m.KubeconfigAttributes.IsUnknown() && len(m.KubeconfigAttributes.Elements()) > 0
}

// ---- equality: values that mean the same thing compare equal ----

// changed reports a planned string that differs from the state's; an
// unknown or null plan value asks for nothing.
func changed(plan, state types.String) bool {
	return !plan.IsUnknown() && !plan.IsNull() && !plan.Equal(state)
}

func kubeProxyEqual(a, b []kubeProxyModel) bool {
	ea, eb := expandKubeProxy(a), expandKubeProxy(b)
	return kubeProxyMatches(ea, eb, false) && kubeProxyMatches(eb, ea, false)
}

// kubeProxyMatches reports whether got holds every setting of want, durations
// compared by value. With subset, settings that want leaves out are ignored:
// the API may echo defaults nobody set.
func kubeProxyMatches(got, want *ovhapi.KubeProxyCustomization, subset bool) bool {
	if want == nil {
		return subset || got == nil
	}
	if got == nil {
		got = &ovhapi.KubeProxyCustomization{}
	}
	eq := func(g, w *string, dur bool) bool {
		if w == nil {
			return subset || g == nil
		}
		if g == nil {
			return false
		}
		if dur {
			return isoduration.Equal(*g, *w)
		}
		return *g == *w
	}
	if w := want.IPTables; w != nil {
		g := got.IPTables
		if g == nil {
			g = &ovhapi.KubeProxyIPTables{}
		}
		if !eq(g.MinSyncPeriod, w.MinSyncPeriod, true) || !eq(g.SyncPeriod, w.SyncPeriod, true) {
			return false
		}
	} else if !subset && got.IPTables != nil {
		return false
	}
	if w := want.IPVS; w != nil {
		g := got.IPVS
		if g == nil {
			g = &ovhapi.KubeProxyIPVS{}
		}
		if !eq(g.MinSyncPeriod, w.MinSyncPeriod, true) || !eq(g.SyncPeriod, w.SyncPeriod, true) || !eq(g.Scheduler, w.Scheduler, false) ||
			!eq(g.TCPTimeout, w.TCPTimeout, true) || !eq(g.TCPFinTimeout, w.TCPFinTimeout, true) || !eq(g.UDPTimeout, w.UDPTimeout, true) {
			return false
		}
	} else if !subset && got.IPVS != nil {
		return false
	}
	return true
}

func strEq(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func apiServerEqual(ctx context.Context, a, b []apiServerModel) bool {
	ea, _ := expandAPIServer(ctx, a)
	eb, _ := expandAPIServer(ctx, b)
	if ea == nil || eb == nil {
		return ea == nil && eb == nil
	}
	if ea.AdmissionPlugins == nil || eb.AdmissionPlugins == nil {
		return ea.AdmissionPlugins == nil && eb.AdmissionPlugins == nil
	}
	return sameSet(ea.AdmissionPlugins.Enabled, eb.AdmissionPlugins.Enabled) && sameSet(ea.AdmissionPlugins.Disabled, eb.AdmissionPlugins.Disabled)
}

func privateNetworkConfigurationEqual(a, b []privateNetModel) bool {
	ea, eb := expandPrivateNetworkConfiguration(a), expandPrivateNetworkConfiguration(b)
	if ea == nil || eb == nil {
		return ea == nil && eb == nil
	}
	return *ea == *eb
}

func ipAllocationEqual(a, b []ipAllocationModel) bool {
	ea, eb := expandIPAllocationPolicy(a), expandIPAllocationPolicy(b)
	if ea == nil || eb == nil {
		return ea == nil && eb == nil
	}
	return strEq(ea.PodsIPv4CIDR, eb.PodsIPv4CIDR) && strEq(ea.ServicesIPv4CIDR, eb.ServicesIPv4CIDR)
}
