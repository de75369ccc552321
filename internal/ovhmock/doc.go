// Package ovhmock imitates the OVHcloud API for Managed Kubernetes
// (/cloud/project/{serviceName}/kube) closely enough that a client which
// works against it works against the real API: signed requests are
// verified, payloads are validated like the API's schema, clusters go
// through their transient statuses over time, and the known quirks are
// reproduced (404 right after creation, stale reads after a change, P0D for
// zero durations, per-key replacement of customization, 409 on a busy
// cluster, and, with Timings.StaleStatus, a cluster that keeps reading
// READY while the redeploy after a change of its IP restrictions or OIDC
// configuration refuses other changes with 409).
//
// In tests, serve it with httptest and point go-ovh at the server:
//
//	mock := ovhmock.New(ovhmock.Options{})
//	srv := httptest.NewServer(mock)
//	defer srv.Close()
//	client, _ := ovh.NewClient(srv.URL+"/1.0", ovhmock.DefaultApplicationKey,
//		ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey)
//
// Tests can inspect and change the mock from Go (Requests, Counts, Projects, Clusters,
// ModifyCluster, AddCluster, NodePools, Nodes, AddNodePool, ModifyNodePool,
// RemoveNodePool, Autoscale, LogSubscriptions, AddLogSubscription, RemoveLogSubscription,
// SetLogSubscription, EtcdUsage, SetEtcdUsage, LoadState, SaveState) or over HTTP, under a
// prefix the real API lacks and without credentials:
//
//	GET  /_mock/requests        the request log (method, path, route, status, time, fault, retryAfter)
//	GET  /_mock/counts          requests per "METHOD route"
//	GET  /_mock/state           the state, in the format of LoadState
//	POST /_mock/requests/reset  empties the log and the counters
//
// cmd/ovhmock serves the same handler as a standalone server for demos and
// CI jobs.
//
// # What the mock refuses
//
// The mock refuses what the API's published schema (the OpenAPI description
// of /cloud, API-MKS.md §9) refuses: a member it does not describe, a
// missing required member, a wrong JSON type, a value outside an
// enumeration, a string that is not of the schema's format (uuid, ipBlock,
// ipv4Block, duration). It refuses more only where a user report shows
// the live API refusing it (API-MKS.md §8), and every such rule names that
// report in a comment: availabilityZones left out (ovhcloud-cli #119),
// sizes outside minNodes <= desiredNodes <= maxNodes (PR #1241), an empty
// string in an OIDC claim list (#653), floating IPs outside the Standard
// plan (API-MKS.md §1.7). Answers about what exists are not rules of the
// schema: a region, flavor (#419), zone, node, version or object the mock
// does not have is refused as the API refuses an unknown one, and a busy
// cluster answers 409. Error messages name the schema's types
// (cloud.ProjectKubeUpdateCreation, cloud.kube.VersionEnum). Cilium on a
// Free-plan cluster, which OVHcloud's documentation calls a Standard-plan
// feature but neither the schema nor a report shows refused, is accepted;
// Options.CiliumOnFree refuses it, for a test of that refusal.
//
// Choices where the public sources are silent: a cluster created or reset
// without a name is named after its id; POST /update without a strategy
// is LATEST_PATCH; any plan is stored, and only "standard" gets the
// Standard plan's features; PUT /updateLoadBalancersSubnetId with null, or
// without the member, unsets the subnet; an ipAllocationPolicy left out is
// null, a partial one gets 10.2.0.0/16 and 10.3.0.0/16 for what is missing; a failed cluster (ERROR, USER_*) accepts
// DELETE and reset but no other change; POST /kubeconfig is read-only and
// allowed in any status; kube-proxy settings are accepted on Standard-plan
// clusters too; node pools in the cluster creation object (nodepool, or
// the list nodepools) are accepted but not created.
//
// The cilium customization (API-MKS.md §4) is accepted on Standard-plan
// clusters; on Free-plan ones, where the API's answer is unknown, it is
// stored as well, or refused with a 400 when Options.CiliumOnFree says so.
// It is stored and echoed as sent, with no defaults filled in: resource
// quantities are plain strings, neither checked nor normalised, and
// nodePort is a plain integer, accepted with any serviceType or none. A
// change goes through UPDATING like the other keys.
//
// Node pools (/nodepool, /node, /flavors) follow API-MKS.md; where it is
// silent or unsure the mock chooses: a pool created without a name is
// named "nodepool-" and the first 8 characters of its id; desiredNodes left
// out is 1 (minNodes if higher, 0 if maxNodes is 0); maxNodes left out is
// 100, or 5 with antiAffinity; a name is stored as sent; the creation
// answer has an empty projectId, as in the public guide, later reads the
// project; availabilityZones is mandatory (Options.NodePoolZonesOptional),
// EU-WEST-PAR and EU-SOUTH-MIL take exactly one of their zones
// (eu-west-par-a, -b, -c), other regions none; attachFloatingIps is null on
// Free-plan clusters, where enabling it is refused; every accepted PUT
// passes through UPSCALING, DOWNSCALING or UPDATING, even one changing
// nothing; DELETE /node/{nodeId} lowers desiredNodes by one, and minNodes
// with it when it would be above; nodesToRemove names nodes by id, OpenStack
// instance id, Kubernetes provider id (openstack:///<instance id>) or name,
// each a node of the pool, counts a node named twice once and ignores names
// beyond what the shrink removes; ?history=true lists the DELETED nodes
// instead of the others, most recently deleted first, each with its
// deletedAt; a node has no instanceId (null) while INSTALLING, and gets it
// when its installation ends; the node lists are paged (X-Pagination-Cursor,
// X-Pagination-Size, X-Pagination-Cursor-Next; Options.NodePageSize nodes
// by default), with opaque cursors that hold the list and an offset, so
// that a node added or removed between two pages may shift the next ones,
// and a cursor of another list, or none of the mock's, answers 400; sizeStatus
// is OVER_CAPACITY while more nodes exist than desired, UNDER_CAPACITY while
// fewer are READY. Cluster changes reach the pools: deleting the cluster
// deletes them; a reset with workerNodesPolicy "delete" gives them new nodes
// (or deletes them, Options.ResetNodePools), "reinstall" redeploys the same
// nodes, both through REDEPLOYING; POST /kubeconfig/reset redeploys the
// nodes; a version update puts the pools in UPDATING and moves their nodes
// to the new version at its end. Pool reads are never stale, and the state
// file does not keep the DELETED nodes.
package ovhmock
