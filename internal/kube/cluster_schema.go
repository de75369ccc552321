package kube

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/isoduration"
	"github.com/mkscloud/terraform-provider-ovh/internal/validate"
)

// Allowed values: the enumerations of the API's published schema
// (internal/apischema/testdata/kube.yaml), which refuses any other value, so
// another value is a plan-time error.
var (
	kubeProxyModes     = []string{"iptables", "ipvs"}
	ipvsSchedulers     = []string{"rr", "lc", "dh", "sh", "sed", "nq"}
	updatePolicies     = []string{"ALWAYS_UPDATE", "MINIMAL_DOWNTIME", "NEVER_UPDATE"}
	plans              = []string{"free", "standard"}
	admissionPlugins   = []string{"AlwaysPullImages", "NodeRestriction"}
	workerNodePolicies = []string{"delete", "reinstall"}
)

// versionPattern is looser than cloud.kube.VersionEnum, which refuses any
// other form: an error.
var versionPattern = validate.Pattern{
	Re:      regexp.MustCompile(`^1\.[0-9]{1,3}$`),
	Form:    `a Kubernetes minor version "1.NN" (without patch number)`,
	Example: "1.31",
}

const resetOnly = " Can only be set at creation or on a reset: changing it **replaces the cluster**, or resets it in place " +
	"when `reset_instead_of_replace = true`."

func durationAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		CustomType:    isoduration.DurationType{},
		Optional:      true,
		Validators:    []validator.String{validate.Duration{}},
		PlanModifiers: []planmodifier.String{isoduration.KeepEquivalentPrior()},
		MarkdownDescription: what + " An ISO 8601 duration such as `PT30S`, `PT1M30S` or `PT0S`, without year or month " +
			"parts; values are compared by length of time, so `PT60S` equals `PT1M` and `PT0S` equals the `P0D` that the API " +
			"answers: rewriting a value in another form plans no change. Updated in place.",
	}
}

func clusterSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Version: 0,
		MarkdownDescription: "An OVHcloud Managed Kubernetes (MKS) cluster, with its kube-proxy mode and timings.\n\n" +
			"Most arguments are updated in place. `region` and `plan` always replace the cluster. `kube_proxy_mode`, " +
			"`private_network_id`, `nodes_subnet_id` and `ip_allocation_policy` can only be set at creation or on a reset: " +
			"changing them replaces the cluster, or resets it in place (erasing all Kubernetes data but keeping the id) when " +
			"`reset_instead_of_replace = true`.",
		Attributes: map[string]schema.Attribute{
			// Arguments.
			"service_name": serviceNameAttribute("cluster"),
			"name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The name of the cluster. When omitted the API chooses one. Updated in place.",
				Validators:          []validator.String{advisoryPrintable(128)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"region": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The region of the cluster, such as `GRA11`. Changing it replaces the cluster.",
				// The schema's region is a plain string; an unknown region is
				// the API's to refuse.
				Validators:    []validator.String{validate.Advisory{String: validate.Region}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"version": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The Kubernetes minor version, such as `1.31`. Defaults to the newest version the API offers. " +
					"Changing it upgrades the cluster in place, one minor version at a time: a downgrade or a jump of more than " +
					"one minor version is refused at plan time.",
				Validators:    []validator.String{versionPattern},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"plan": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The cluster plan: `free` (Canal/Calico CNI with kube-proxy) or `standard` (Cilium CNI, which " +
					"replaces kube-proxy). Defaults to the API's default, `free`. Changing it replaces the cluster. Another name " +
					"is sent as written, with a warning: the API's schema does not list the plans.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"kube_proxy_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The kube-proxy mode: `iptables` or `ipvs`. When omitted the API chooses (usually " +
					"`iptables`). Has no effect on `standard` clusters, whose Cilium CNI replaces kube-proxy." + resetOnly,
				Validators:    []validator.String{validate.NewOneOf(kubeProxyModes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"private_network_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The OpenStack id of the private network (vRack) the nodes are attached to. " +
					"Omit it for public nodes." + resetOnly,
				Validators: []validator.String{validate.Advisory{String: validate.NetworkID}},
			},
			"nodes_subnet_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The OpenStack id of the subnet of `private_network_id` the nodes are attached to. " +
					"Requires `private_network_id`. When omitted the API chooses." + resetOnly,
				// nodesSubnetId is a plain string in the schema (API-MKS.md
				// §9.1), and no report shows the API refusing one without a
				// private network.
				Validators: []validator.String{
					validate.Advisory{String: validate.SubnetID},
					validate.Advisory{String: stringvalidator.AlsoRequires(path.MatchRoot("private_network_id"))},
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"load_balancers_subnet_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The OpenStack id of the subnet of `private_network_id` where load balancers are created. " +
					"Requires `private_network_id`. Updated in place. Removing it from the configuration keeps the current " +
					"subnet (the plan warns about it): the provider does not unset it.",
				// loadBalancersSubnetId is a uuid in the schema (API-MKS.md
				// §9.1): an error. Without a private network: a warning.
				Validators: []validator.String{
					validate.SubnetID,
					validate.Advisory{String: stringvalidator.AlsoRequires(path.MatchRoot("private_network_id"))},
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"update_policy": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "How patch updates are applied: `ALWAYS_UPDATE`, `MINIMAL_DOWNTIME` or `NEVER_UPDATE`. " +
					"When omitted the API chooses (`ALWAYS_UPDATE`). Updated in place. Under `NEVER_UPDATE` the API refuses " +
					"version upgrades.",
				Validators:    []validator.String{validate.NewOneOf(updatePolicies...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"reset_instead_of_replace": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, a change of `kube_proxy_mode`, `private_network_id`, `nodes_subnet_id` or " +
					"`ip_allocation_policy` resets the cluster in place (`POST /reset`: same id and URL, new kubeconfig) " +
					"instead of replacing it. **A reset erases all Kubernetes data**: workloads, etcd, load balancers, " +
					"persistent volumes and IP restrictions. Defaults to `false`. Changing it makes no API call.",
			},
			"reset_worker_nodes_policy": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(workerNodesDelete),
				MarkdownDescription: "What a reset does to worker nodes: `delete` (the default) or `reinstall`. Only used " +
					"when `reset_instead_of_replace = true`. Changing it makes no API call.",
				Validators: []validator.String{validate.NewOneOf(workerNodePolicies...)},
			},

			"kubeconfig_in_state": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether `kubeconfig` and `kubeconfig_attributes` are fetched and kept in the state, " +
					"as the official provider does (`true`, the default). With `false` they stay null and the provider " +
					"never fetches them: anyone who can read the state could otherwise take over the cluster with its " +
					"client key. Use the `ovh_cloud_project_kube_kubeconfig` ephemeral resource instead to configure the " +
					"`kubernetes` and `helm` providers. Changing it makes no change to the cluster (`true` fetches the " +
					"kubeconfig, `false` drops it from the state). An import never fetches the kubeconfig and sets `false`: " +
					"a configuration that keeps `true` plans the fetch, which the next apply makes.",
			},

			// Read-only attributes.
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The id of the cluster. Kept across resets.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The status of the cluster, `READY` once an apply has finished.",
				PlanModifiers:       []planmodifier.String{readyAfterApply{}},
			},
			"url": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The URL of the Kubernetes API server.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"nodes_url": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The URL the nodes use to reach the control plane.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"is_up_to_date": schema.BoolAttribute{
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{keptUnlessUpgradeOrReset{}},
				MarkdownDescription: "Whether the whole cluster runs the latest patch version.",
			},
			"control_plane_is_up_to_date": schema.BoolAttribute{
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{keptUnlessUpgradeOrReset{}},
				MarkdownDescription: "Whether the control plane runs the latest patch version.",
			},
			"audit_logs_subscribed": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the cluster's audit logs are forwarded to a Logs Data Platform stream (a log subscription " +
					"of kind `audit`, which this provider does not manage).",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"next_upgrade_versions": schema.SetAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The minor versions the cluster can be upgraded to.",
				PlanModifiers:       []planmodifier.Set{keptUnlessUpgradeOrReset{}},
			},
			"kubeconfig": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The kubeconfig of the cluster (YAML). Fetched at creation and reset (and by the first apply " +
					"after an import), not on every refresh; null when `kubeconfig_in_state = false`. Sensitive.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"kubeconfig_attributes": schema.ListAttribute{
				Computed:  true,
				Sensitive: true,
				ElementType: types.ObjectType{AttrTypes: map[string]attr.Type{
					"host":                   types.StringType,
					"cluster_ca_certificate": types.StringType,
					"client_certificate":     types.StringType,
					"client_key":             types.StringType,
				}},
				MarkdownDescription: "The parts of the kubeconfig, for the `kubernetes` and `helm` providers: `host`, " +
					"`cluster_ca_certificate`, `client_certificate` and `client_key` (the last three base64-encoded PEM). Sensitive.",
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"customization_apiserver": maxOneBlock("Customization of the Kubernetes API server. Updated in place (`PUT /customization`). "+
				"Without this block the provider leaves the API server's settings as they are.", apiServerObject()),
			"customization": deprecatedCustomizationBlock(),

			"customization_cilium": ciliumBlock(),
			"customization_kube_proxy": maxOneBlock("Timings of kube-proxy, for each mode. Only clusters of the `free` plan run kube-proxy. "+
				"Updated in place (`PUT /customization`, which replaces the whole kube-proxy customization); removing the "+
				"block resets kube-proxy to the API's defaults. For each mode, `min_sync_period` must not exceed a non-zero "+
				"`sync_period`.",

				schema.NestedBlockObject{
					Blocks: map[string]schema.Block{
						"iptables": maxOneBlock("Settings used when `kube_proxy_mode = \"iptables\"`.",

							schema.NestedBlockObject{
								Attributes: map[string]schema.Attribute{
									"min_sync_period": durationAttribute("The minimum time between two re-syncs of the iptables rules (kube-proxy `--iptables-min-sync-period`): rule changes arriving faster are batched."),
									"sync_period":     durationAttribute("How often the iptables rules are fully refreshed (kube-proxy `--iptables-sync-period`)."),
								},
							}),

						"ipvs": maxOneBlock("Settings used when `kube_proxy_mode = \"ipvs\"`.",

							schema.NestedBlockObject{
								Attributes: map[string]schema.Attribute{
									"min_sync_period": durationAttribute("The minimum time between two re-syncs of the IPVS rules (kube-proxy `--ipvs-min-sync-period`)."),
									"sync_period":     durationAttribute("How often the IPVS rules are fully refreshed (kube-proxy `--ipvs-sync-period`)."),
									"scheduler": schema.StringAttribute{
										Optional: true,
										MarkdownDescription: "The IPVS scheduler: `rr` (round robin), `lc` (least connection), `dh` (destination " +
											"hashing), `sh` (source hashing), `sed` (shortest expected delay) or `nq` (never queue). Updated in place.",
										Validators: []validator.String{validate.NewOneOf(ipvsSchedulers...)},
									},
									"tcp_timeout":     durationAttribute("The timeout of idle IPVS TCP sessions (kube-proxy `--ipvs-tcp-timeout`); `PT0S` keeps the system value."),
									"tcp_fin_timeout": durationAttribute("The timeout of IPVS TCP sessions after a FIN (kube-proxy `--ipvs-tcpfin-timeout`); `PT0S` keeps the system value."),
									"udp_timeout":     durationAttribute("The timeout of IPVS UDP packets (kube-proxy `--ipvs-udp-timeout`); `PT0S` keeps the system value."),
								},
							}),
					},
				}),

			"private_network_configuration": maxOneBlock("Routing of the nodes on the private network. Updated in place; removing the block "+
				"sends the defaults (no gateway, public routing).",

				schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"default_vrack_gateway": schema.StringAttribute{
							Required: true,
							MarkdownDescription: "If not empty, all egress traffic is routed to this IP address, which must " +
								"belong to the private network. An empty string disables it.",
						},
						"private_network_routing_as_default": schema.BoolAttribute{
							Required: true,
							MarkdownDescription: "Whether routing defaults to the nodes' private interface instead of their " +
								"public one.",
						},
					},
				}),

			"ip_allocation_policy": maxOneBlock("The IP ranges of pods and services. When omitted the API chooses."+resetOnly,

				schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"pods_ipv4_cidr": schema.StringAttribute{
							Optional:            true,
							Computed:            true,
							MarkdownDescription: "The IPv4 CIDR block of the pods, such as `10.2.0.0/16`. When omitted the API chooses.",
							Validators:          []validator.String{validate.IPv4CIDR{Example: "10.2.0.0/16"}},
							PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
						},
						"services_ipv4_cidr": schema.StringAttribute{
							Optional:            true,
							Computed:            true,
							MarkdownDescription: "The IPv4 CIDR block of the services, such as `10.3.0.0/16`. When omitted the API chooses.",
							Validators:          []validator.String{validate.IPv4CIDR{Example: "10.3.0.0/16"}},
							PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
						},
					},
				}),

			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// maxOneBlock is a block of at most one element: the official provider's
// schema has sets and lists of at most one where a framework resource would
// use a single nested block, and a state it wrote must decode unchanged.
func maxOneBlock(description string, nested schema.NestedBlockObject) schema.ListNestedBlock {
	return schema.ListNestedBlock{
		MarkdownDescription: description,
		Validators:          []validator.List{listvalidator.SizeAtMost(1)},
		NestedObject:        nested,
	}
}

// apiServerObject is the content of customization_apiserver, and of the
// deprecated customization block's apiserver.
func apiServerObject() schema.NestedBlockObject {
	return schema.NestedBlockObject{
		Blocks: map[string]schema.Block{
			"admissionplugins": maxOneBlock("Admission plugins to enable or disable.",

				schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"enabled": schema.ListAttribute{
							Optional:            true,
							Computed:            true,
							ElementType:         types.StringType,
							MarkdownDescription: "Plugins to enable: `AlwaysPullImages`, `NodeRestriction`. When omitted, the API's value is kept.",
							Validators:          []validator.List{listvalidator.ValueStringsAre(validate.NewOneOf(admissionPlugins...))},
							PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
						},
						"disabled": schema.ListAttribute{
							Optional:            true,
							Computed:            true,
							ElementType:         types.StringType,
							MarkdownDescription: "Plugins to disable: `AlwaysPullImages`, `NodeRestriction`. When omitted, the API's value is kept.",
							Validators:          []validator.List{listvalidator.ValueStringsAre(validate.NewOneOf(admissionPlugins...))},
							PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
						},
					},
				}),
		},
	}
}

// deprecatedCustomizationBlock is the official provider's older spelling of
// customization_apiserver, still found in configurations: it maps to the
// same API field.
func deprecatedCustomizationBlock() schema.ListNestedBlock {
	b := maxOneBlock("**Deprecated**: use `customization_apiserver`, which sets the same API server settings. "+
		"Cannot be used together with `customization_apiserver`.", schema.NestedBlockObject{
		Blocks: map[string]schema.Block{
			"apiserver": maxOneBlock("Customization of the Kubernetes API server.", apiServerObject()),
		},
	})
	b.DeprecationMessage = "Use the customization_apiserver block instead: it sets the same API server settings. " +
		"Move the content of customization { apiserver { ... } } into customization_apiserver { ... }."
	return b
}
