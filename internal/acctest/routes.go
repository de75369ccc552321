package acctest

// Routes of the mock's request log (ovhmock.Request.Route): the paths of the
// API with their parameters left as placeholders.
const (
	// RouteList lists the clusters of a project, and creates one.
	RouteList = "/cloud/project/{serviceName}/kube"
	// RouteKube reads, updates and deletes a cluster.
	RouteKube = "/cloud/project/{serviceName}/kube/{kubeId}"
	// RouteCustomization sets a cluster's customization.
	RouteCustomization = "/cloud/project/{serviceName}/kube/{kubeId}/customization"
	// RouteReset resets a cluster.
	RouteReset = "/cloud/project/{serviceName}/kube/{kubeId}/reset"
	// RouteUpdate upgrades a cluster's Kubernetes version.
	RouteUpdate = "/cloud/project/{serviceName}/kube/{kubeId}/update"
	// RouteUpdatePolicy sets a cluster's update policy.
	RouteUpdatePolicy = "/cloud/project/{serviceName}/kube/{kubeId}/updatePolicy"
	// RouteKubeconfig fetches a cluster's kubeconfig, with a POST that
	// changes nothing.
	RouteKubeconfig = "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig"
	// RoutePNC reads and sets a cluster's private network configuration.
	RoutePNC = "/cloud/project/{serviceName}/kube/{kubeId}/privateNetworkConfiguration"
	// RouteLBSubnet sets the subnet of a cluster's load balancers.
	RouteLBSubnet = "/cloud/project/{serviceName}/kube/{kubeId}/updateLoadBalancersSubnetId"
	// RouteIPRestrictions reads and sets a cluster's IP restrictions.
	RouteIPRestrictions = "/cloud/project/{serviceName}/kube/{kubeId}/ipRestrictions"
	// RouteOIDC reads, creates, updates and deletes a cluster's OIDC
	// configuration.
	RouteOIDC = "/cloud/project/{serviceName}/kube/{kubeId}/openIdConnect"
	// RouteEtcdUsage reads a cluster's etcd usage and quota.
	RouteEtcdUsage = "/cloud/project/{serviceName}/kube/{kubeId}/metrics/etcdUsage"
	// RouteNodePools lists the node pools of a cluster, and creates one.
	RouteNodePools = "/cloud/project/{serviceName}/kube/{kubeId}/nodepool"
	// RouteNodePool reads, updates and deletes a node pool.
	RouteNodePool = "/cloud/project/{serviceName}/kube/{kubeId}/nodepool/{nodePoolId}"
	// RouteLogSubscriptions lists the log subscriptions of a cluster, and
	// creates one.
	RouteLogSubscriptions = "/cloud/project/{serviceName}/kube/{kubeId}/log/subscription"
	// RouteLogSubscription reads and deletes a log subscription.
	RouteLogSubscription = "/cloud/project/{serviceName}/kube/{kubeId}/log/subscription/{subscriptionId}"
	// RouteLogOperation reads an operation of a Logs Data Platform service.
	RouteLogOperation = "/dbaas/logs/{serviceName}/operation/{operationId}"
	// RouteFlavors lists the flavors a cluster's node pools can have.
	RouteFlavors = "/cloud/project/{serviceName}/kube/{kubeId}/flavors"
)
