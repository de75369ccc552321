// Package kube implements the OVHcloud Managed Kubernetes resources and data
// sources: every one hangs off /cloud/project/{serviceName}/kube/{kubeId}.
// Each has its own file family (cluster.go, cluster_schema.go,
// cluster_model.go, ...); the waits, the change helper, the kubeconfig
// reader and the service_name default are shared.
package kube

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// fullResource is what every resource of the package implements.
type fullResource interface {
	resource.ResourceWithConfigure
	resource.ResourceWithImportState
	resource.ResourceWithModifyPlan
	resource.ResourceWithValidateConfig
	resource.ResourceWithIdentity
}

var (
	_ fullResource                       = (*clusterResource)(nil)
	_ fullResource                       = (*nodePoolResource)(nil)
	_ fullResource                       = (*ipRestrictionsResource)(nil)
	_ datasource.DataSourceWithConfigure = (*clusterDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*nodePoolDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*nodesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*nodePoolNodesDataSource)(nil)
	_ resource.ResourceWithImportState   = (*oidcResource)(nil)
	_ resource.ResourceWithConfigure     = (*oidcResource)(nil)
	_ resource.ResourceWithIdentity      = (*oidcResource)(nil)
	_ datasource.DataSourceWithConfigure = (*oidcDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*ipRestrictionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*etcdUsageDataSource)(nil)
	_ resource.ResourceWithIdentity      = (*logSubscriptionResource)(nil)
	_ resource.ResourceWithImportState   = (*logSubscriptionResource)(nil)
	_ resource.ResourceWithConfigure     = (*logSubscriptionResource)(nil)
	_ datasource.DataSourceWithConfigure = (*logSubscriptionsDataSource)(nil)
)

// Resources lists the resources of the package, for the provider.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewClusterResource, NewNodePoolResource, NewIPRestrictionsResource, NewOIDCResource, NewLogSubscriptionResource,
	}
}

// DataSources lists the data sources of the package, for the provider.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClusterDataSource, NewNodePoolDataSource, NewNodePoolNodesDataSource, NewNodesDataSource,
		NewIPRestrictionsDataSource, NewOIDCDataSource, NewEtcdUsageDataSource, NewLogSubscriptionsDataSource,
	}
}

// EphemeralResources lists the ephemeral resources of the package, for the
// provider.
func EphemeralResources() []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewKubeconfigEphemeralResource}
}

// ListResources lists the list resources of the package (Terraform 1.14
// `terraform query`), for the provider.
func ListResources() []func() list.ListResource {
	return []func() list.ListResource{NewClusterList, NewNodePoolList}
}

// Actions lists the actions of the package (Terraform 1.14), for the provider.
func Actions() []func() action.Action {
	return []func() action.Action{NewRestartAction, NewKubeconfigResetAction, NewUpgradeAction}
}
