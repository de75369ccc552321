package ovhapi

import (
	"context"
	"net/http"
)

// ipRestrictionsBody is the body of PUT and POST
// /cloud/project/{serviceName}/kube/{kubeId}/ipRestrictions.
type ipRestrictionsBody struct {
	IPs []string `json:"ips"`
}

// GetIPRestrictions returns the blocks allowed to reach the cluster's API
// server; an empty list means no restriction. A missing cluster is an error
// for which IsNotFound is true.
func (c *Client) GetIPRestrictions(ctx context.Context, serviceName, kubeID string) ([]string, error) {
	p, err := kubePath(serviceName, kubeID, "~ipRestrictions")
	if err != nil {
		return nil, err
	}
	ips := []string{}
	if err := c.call(ctx, http.MethodGet, p, nil, &ips); err != nil {
		return nil, err
	}
	return nonNilStrings(ips), nil
}

// PutIPRestrictions replaces the whole list with ips (an empty list lifts
// every restriction) and returns the list the API answers. The cluster then
// redeploys its API server.
func (c *Client) PutIPRestrictions(ctx context.Context, serviceName, kubeID string, ips []string) ([]string, error) {
	p, err := kubePath(serviceName, kubeID, "~ipRestrictions")
	if err != nil {
		return nil, err
	}
	var got []string
	if err := c.call(ctx, http.MethodPut, p, ipRestrictionsBody{IPs: nonNilStrings(ips)}, &got); err != nil {
		return nil, err
	}
	return nonNilStrings(got), nil
}

// nonNilStrings makes a JSON null and an absent list an empty one: the API
// refuses "ips": null, and callers compare lists.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
