// Package ovhmock imitates the OVHcloud API for Managed Kubernetes
// (/cloud/project/{serviceName}/kube) closely enough that a client which
// works against it works against the real API: signed requests are
// verified, payloads are validated like the API's schema, clusters go
// through their transient statuses over time, and the known quirks are
// reproduced (404 right after creation, stale reads after a change, P0D for
// zero durations, per-key replacement of customization, 409 on a busy
// cluster).
//
// In tests, serve it with httptest and point go-ovh at the server:
//
//	mock := ovhmock.New(ovhmock.Options{})
//	srv := httptest.NewServer(mock)
//	defer srv.Close()
//	client, _ := ovh.NewClient(srv.URL+"/1.0", ovhmock.DefaultApplicationKey,
//		ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey)
//
// Tests can inspect and change the mock from Go (Requests, Counts, Clusters,
// ModifyCluster, AddCluster, LoadState, SaveState) or over HTTP, under a
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
// Choices where the public sources are silent: a cluster created or reset
// without a name is named after its id; an ipAllocationPolicy left out is
// null, a partial one gets 10.2.0.0/16 and 10.3.0.0/16 for what is missing; a failed cluster (ERROR, USER_*) accepts
// DELETE and reset but no other change; POST /kubeconfig is read-only and
// allowed in any status; kube-proxy settings are accepted on Standard-plan
// clusters too; node pools are accepted in the creation object but not
// modelled.
package ovhmock
