package kube

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

const ipsDescription = "The IPv4 and IPv6 blocks allowed to reach the cluster's API server, such as " +
	"`[\"203.0.113.0/24\", \"2001:db8::/32\"]`; a bare address such as `\"198.51.100.7\"` is the block of that one " +
	"address and equals its `/32` (or `/128`) form, so either spelling plans no change whichever one the API stores. " +
	"A block should be written as its network (`10.0.0.0/8`, not `10.0.0.1/8`): the plan warns otherwise."

func ipRestrictionsSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Version: 0,
		MarkdownDescription: "The IP restrictions of an OVHcloud Managed Kubernetes cluster: the only addresses allowed to " +
			"reach its API server (`kubectl`, the Kubernetes and Helm providers...).\n\n" +
			"The resource owns the whole list: creating and updating it replace the list (`PUT`), destroying it " +
			"empties the list, which lifts every restriction. After each change the cluster redeploys its API " +
			"server; the apply waits until it is `READY` again. A cluster reset empties the list: the next plan " +
			"shows the blocks to add back, and the next apply restores them. The id is the cluster's id.",
		Attributes: map[string]schema.Attribute{
			"service_name": serviceNameAttribute("IP restrictions (the list is emptied on the old cluster and set on the new one)"),
			"kube_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The id of the cluster. Changing it replaces the IP restrictions (the list is " +
					"emptied on the old cluster and set on the new one).",
				// A path segment, not a member of a body: an empty id sends the
				// request elsewhere (ovh/terraform-provider-ovh#187).
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1), validate.Printable{Max: 128}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"ips": schema.SetAttribute{
				Required:    true,
				ElementType: ipBlockType{},
				MarkdownDescription: ipsDescription + " Two spellings of one block (`\"10.0.0.1\"` and `\"10.0.0.1/32\"`) " +
					"are refused. An empty set lifts every restriction. Updated in place.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(validate.IPBlock{})},
			},
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The id of the cluster, as the official provider records it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func ipRestrictionsDataSourceSchema() dschema.Schema {
	attrs := clusterLookupAttributes()
	maps.Copy(attrs, map[string]dschema.Attribute{
		"id": computedString("The id of the cluster."),
		"ips": dschema.SetAttribute{
			Computed:    true,
			ElementType: types.StringType,
			MarkdownDescription: "The IP blocks allowed to reach the cluster's API server, as the API stores them " +
				"(a bare address as its `/32` or `/128` block). Empty when the cluster has no restriction.",
		},
	})
	return dschema.Schema{
		MarkdownDescription: "Reads the IP restrictions of an OVHcloud Managed Kubernetes cluster: the blocks allowed to " +
			"reach its API server.",
		Attributes: attrs,
	}
}
