package ovhapi

import (
	"context"
	"net/http"
)

// OpenIDConnect is the OIDC configuration of a cluster's API server, at
// /cloud/project/{serviceName}/kube/{kubeId}/openIdConnect: one per cluster.
// Every key is sent each time, "" and [] for what is not set, as the
// official provider does: the lists are never sent as null (see Normalized).
type OpenIDConnect struct {
	IssuerURL         string   `json:"issuerUrl"`
	ClientID          string   `json:"clientId"`
	UsernameClaim     string   `json:"usernameClaim"`
	UsernamePrefix    string   `json:"usernamePrefix"`
	GroupsClaim       []string `json:"groupsClaim"`
	GroupsPrefix      string   `json:"groupsPrefix"`
	RequiredClaim     []string `json:"requiredClaim"`
	SigningAlgorithms []string `json:"signingAlgorithms"`
	CAContent         string   `json:"caContent"`
}

// Normalized returns a copy whose lists are empty rather than nil, the form
// that is sent, and in which an answer that leaves a key out or gives null
// compares equal to one that gives [].
func (o OpenIDConnect) Normalized() OpenIDConnect {
	for _, l := range []*[]string{&o.GroupsClaim, &o.RequiredClaim, &o.SigningAlgorithms} {
		if *l == nil {
			*l = []string{}
		}
	}
	return o
}

func oidcPath(serviceName, kubeID string) (string, error) {
	return kubePath(serviceName, kubeID, "~openIdConnect")
}

// GetOIDC reads the cluster's OIDC configuration; IsNotFound is true of the
// error when the cluster has none, or no longer exists.
func (c *Client) GetOIDC(ctx context.Context, serviceName, kubeID string) (*OpenIDConnect, error) {
	p, err := oidcPath(serviceName, kubeID)
	if err != nil {
		return nil, err
	}
	var o OpenIDConnect
	if err := c.call(ctx, http.MethodGet, p, nil, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// CreateOIDC configures OIDC on a cluster that has none; the cluster then
// redeploys its API server.
func (c *Client) CreateOIDC(ctx context.Context, serviceName, kubeID string, req OpenIDConnect) (*OpenIDConnect, error) {
	p, err := oidcPath(serviceName, kubeID)
	if err != nil {
		return nil, err
	}
	var o OpenIDConnect
	if err := c.call(ctx, http.MethodPost, p, req.Normalized(), &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// UpdateOIDC replaces the whole OIDC configuration; the cluster then
// redeploys its API server.
func (c *Client) UpdateOIDC(ctx context.Context, serviceName, kubeID string, req OpenIDConnect) error {
	p, err := oidcPath(serviceName, kubeID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPut, p, req.Normalized(), nil)
}

// DeleteOIDC removes the OIDC configuration; the cluster then redeploys its
// API server.
func (c *Client) DeleteOIDC(ctx context.Context, serviceName, kubeID string) error {
	p, err := oidcPath(serviceName, kubeID)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, p, nil, nil)
}
