package kube

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// logKindAudit is the only log kind of a cluster.
const logKindAudit = "audit"

// logStreamPattern is a Logs Data Platform stream id: a uuid.
var logStreamPattern = validate.Pattern{
	Re:      regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
	Form:    "the id of a Logs Data Platform stream, a uuid",
	Example: "18d603e8-7d50-4000-8393-f0d5bb7f1280",
}

// Descriptions shared by the resource and the data source.
const (
	logKindDesc   = "The kind of logs forwarded; `audit`, the API server's audit logs, is the only one."
	logStreamDesc = "The id of the Logs Data Platform (LDP) Graylog stream the logs go to, a uuid such as the " +
		"`stream_id` of the official provider's `ovh_dbaas_logs_output_graylog_stream` data source or resource."
	logSubIDDesc      = "The id of the subscription."
	logCreatedAtDesc  = "When the subscription was created, as the API renders it."
	logUpdatedAtDesc  = "When the subscription was last changed, as the API renders it."
	logResourceDesc   = "What the subscription forwards the logs of: one element, with the `name` and the `type` the API gives it."
	logResNameDesc    = "The name of the subscribed resource."
	logResTypeDesc    = "The type of the subscribed resource."
	logSubServiceDesc = "The Logs Data Platform service that holds the stream (not the Public Cloud project)."
)

// logResourceType is the element of resource.
var logResourceType = types.ObjectType{AttrTypes: map[string]attr.Type{"name": types.StringType, "type": types.StringType}}

func logSubscriptionSchema(ctx context.Context) schema.Schema {
	replaced := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	kept := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return schema.Schema{
		MarkdownDescription: "Forwards the audit logs of an OVHcloud Managed Kubernetes cluster's API server to a Logs Data " +
			"Platform (LDP) stream. The stream must exist: create it with the official provider's " +
			"`ovh_dbaas_logs_output_graylog_stream` resource, or read it with its data source. The creation waits for the " +
			"LDP operation that carries it out, then for the cluster, which redeploys its API server, to be `READY` again; the " +
			"deletion too. Every argument replaces the subscription when changed. A drop-in for the official provider's " +
			"resource of the same name: same arguments, same state shape, same import id.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The id of the subscription, as `subscription_id`.",
				PlanModifiers:       kept,
			},
			"service_name": serviceNameAttribute("log subscription"),
			"kube_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the cluster. Changing it replaces the log subscription.",
				Validators:          []validator.String{validate.NotEmpty{Example: "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"}, validate.Printable{Max: 128}},
				PlanModifiers:       replaced,
			},
			"kind": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: logKindDesc + " Changing it replaces the log subscription.",
				Validators:          []validator.String{validate.NewOneOf(logKindAudit)},
				PlanModifiers:       replaced,
			},
			"stream_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: logStreamDesc + " Changing it replaces the log subscription.",
				Validators:          []validator.String{logStreamPattern},
				PlanModifiers:       replaced,
			},
			"subscription_id": schema.StringAttribute{Computed: true, MarkdownDescription: logSubIDDesc, PlanModifiers: kept},
			"created_at":      schema.StringAttribute{Computed: true, MarkdownDescription: logCreatedAtDesc, PlanModifiers: kept},
			"updated_at":      schema.StringAttribute{Computed: true, MarkdownDescription: logUpdatedAtDesc, PlanModifiers: kept},
			"resource": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: logResourceDesc,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{Computed: true, MarkdownDescription: logResNameDesc},
					"type": schema.StringAttribute{Computed: true, MarkdownDescription: logResTypeDesc},
				}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}
