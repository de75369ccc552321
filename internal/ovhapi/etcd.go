package ovhapi

import (
	"context"
	"net/http"
)

// EtcdUsage is the size of a cluster's etcd data and the quota it may not
// exceed, both in bytes, at
// /cloud/project/{serviceName}/kube/{kubeId}/metrics/etcdUsage.
type EtcdUsage struct {
	Quota int64 `json:"quota"`
	Usage int64 `json:"usage"`
}

// GetEtcdUsage reads the cluster's etcd usage and quota; IsNotFound is true
// of the error when the cluster does not exist.
func (c *Client) GetEtcdUsage(ctx context.Context, serviceName, kubeID string) (*EtcdUsage, error) {
	p, err := kubePath(serviceName, kubeID, "~metrics", "~etcdUsage")
	if err != nil {
		return nil, err
	}
	var u EtcdUsage
	if err := c.call(ctx, http.MethodGet, p, nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}
