package kube

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// NewNodesDataSource returns the ovh_cloud_project_kube_nodes data source:
// every node of a cluster.
func NewNodesDataSource() datasource.DataSource {
	return &nodesDataSource{dataSourceBase{typeName: "_cloud_project_kube_nodes", schema: func() schema.Schema {
		return nodesSchema(clusterLookupAttributes(), "cluster",
			"Lists the nodes of an OVHcloud Managed Kubernetes cluster, across all its node pools.")
	}}}
}

// NewNodePoolNodesDataSource returns the ovh_cloud_project_kube_nodepool_nodes
// data source: the nodes of one pool, found by its name.
func NewNodePoolNodesDataSource() datasource.DataSource {
	return &nodePoolNodesDataSource{dataSourceBase{typeName: "_cloud_project_kube_nodepool_nodes", schema: func() schema.Schema {
		return nodesSchema(poolLookupAttributes(), "node pool",
			"Lists the nodes of a node pool of an OVHcloud Managed Kubernetes cluster, the pool being found by its name.")
	}}}
}

type nodesDataSource struct {
	dataSourceBase
}

type nodePoolNodesDataSource struct {
	dataSourceBase
}

type nodesDataSourceModel struct {
	clusterLookupModel
	ID    types.String `tfsdk:"id"`
	Nodes []nodeModel  `tfsdk:"nodes"`
}

type nodePoolNodesDataSourceModel struct {
	poolLookupModel
	ID    types.String `tfsdk:"id"`
	Nodes []nodeModel  `tfsdk:"nodes"`
}

type nodeModel struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	InstanceID types.String `tfsdk:"instance_id"`
	NodePoolID types.String `tfsdk:"node_pool_id"`
	ProjectID  types.String `tfsdk:"project_id"`
	Flavor     types.String `tfsdk:"flavor"`
	Status     types.String `tfsdk:"status"`
	Version    types.String `tfsdk:"version"`
	IsUpToDate types.Bool   `tfsdk:"is_up_to_date"`
	CreatedAt  types.String `tfsdk:"created_at"`
	UpdatedAt  types.String `tfsdk:"updated_at"`
	DeployedAt types.String `tfsdk:"deployed_at"`
	DeletedAt  types.String `tfsdk:"deleted_at"`
}

// nodesSchema adds to the lookup arguments the id and the nodes of what they
// name (of: "cluster" or "node pool").
func nodesSchema(attrs map[string]schema.Attribute, of, description string) schema.Schema {
	attrs["id"] = computedString("The id of the " + of + ".")
	attrs["nodes"] = computedObjects("The nodes of the "+of+". In the order the API lists them.",
		schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":            computedString("The id of the node."),
			"name":          computedString("The name of the node, which is also its Kubernetes name."),
			"instance_id":   computedString("The id of the Public Cloud instance (OpenStack server) of the node; null until the instance exists."),
			"node_pool_id":  computedString("The id of the node pool of the node."),
			"project_id":    computedString("The id of the Public Cloud project."),
			"flavor":        computedString("The flavor of the node, such as `b3-8`."),
			"status":        computedString("The status of the node, such as `READY`."),
			"version":       computedString("The Kubernetes version the node runs."),
			"is_up_to_date": computedBool("Whether the node runs the cluster's latest version."),
			"created_at":    computedString("When the node was created (RFC 3339)."),
			"updated_at":    computedString("When the node was last updated (RFC 3339)."),
			"deployed_at":   computedString("When the node was deployed (RFC 3339); null until it is."),
			"deleted_at":    computedString("When the node was deleted (RFC 3339); null until it is."),
		}})
	return schema.Schema{MarkdownDescription: description, Attributes: attrs}
}

func (d *nodesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg nodesDataSourceModel
	serviceName, ok := readConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	kubeID := cfg.KubeID.ValueString()
	nodes, err := d.client.ListNodes(ctx, serviceName, kubeID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the nodes", fmt.Sprintf("Listing the nodes of cluster %s in project %s: %s", kubeID, serviceName, err))
		return
	}
	cfg.ServiceName, cfg.ID, cfg.Nodes = types.StringValue(serviceName), cfg.KubeID, flattenNodes(nodes)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

func (d *nodePoolNodesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg nodePoolNodesDataSourceModel
	serviceName, np, ok := d.readPoolConfig(ctx, req.Config, &cfg, &resp.Diagnostics)
	if !ok {
		return
	}
	kubeID := cfg.KubeID.ValueString()
	nodes, err := d.client.ListNodePoolNodes(ctx, serviceName, kubeID, np.ID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the nodes",
			fmt.Sprintf("Listing the nodes of node pool %q (%s) of cluster %s in project %s: %s", np.Name, np.ID, kubeID, serviceName, err))
		return
	}
	cfg.ServiceName, cfg.ID, cfg.Nodes = types.StringValue(serviceName), types.StringValue(np.ID), flattenNodes(nodes)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// flattenNodes returns an empty list, not a null one, for a pool without
// nodes, so that length() and for expressions work on it. What the API
// answers null is null, never "".
func flattenNodes(nodes []ovhapi.Node) []nodeModel {
	out := make([]nodeModel, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, nodeModel{
			ID:         types.StringValue(n.ID),
			Name:       types.StringValue(n.Name),
			InstanceID: types.StringPointerValue(n.InstanceID),
			NodePoolID: types.StringValue(n.NodePoolID),
			ProjectID:  types.StringValue(n.ProjectID),
			Flavor:     types.StringValue(n.Flavor),
			Status:     types.StringValue(n.Status),
			Version:    types.StringValue(n.Version),
			IsUpToDate: types.BoolValue(n.IsUpToDate),
			CreatedAt:  types.StringValue(n.CreatedAt),
			UpdatedAt:  types.StringValue(n.UpdatedAt),
			DeployedAt: types.StringPointerValue(n.DeployedAt),
			DeletedAt:  types.StringPointerValue(n.DeletedAt),
		})
	}
	return out
}
