package ovhapi

import (
	"context"
	"net/http"
	"net/url"
)

// LogSubscription forwards a cluster's logs of one kind to a Logs Data
// Platform (LDP) stream, at
// /cloud/project/{serviceName}/kube/{kubeId}/log/subscription/{subscriptionId}.
// ServiceName is the LDP service that holds the stream, not the project.
type LogSubscription struct {
	SubscriptionID string                  `json:"subscriptionId"`
	Kind           string                  `json:"kind"`
	StreamID       string                  `json:"streamId"`
	ServiceName    string                  `json:"serviceName"`
	Resource       LogSubscriptionResource `json:"resource"`
	CreatedAt      string                  `json:"createdAt"`
	UpdatedAt      string                  `json:"updatedAt"`
}

// LogSubscriptionResource is what a subscription forwards the logs of.
type LogSubscriptionResource struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// logSubscriptionCreate is the body of a creation.
type logSubscriptionCreate struct {
	Kind     string `json:"kind"`
	StreamID string `json:"streamId"`
}

// LogOperationRef is what a creation or a deletion answers: the LDP
// operation that carries it out, to read with GetLogOperation.
type LogOperationRef struct {
	OperationID string `json:"operationId"`
	ServiceName string `json:"serviceName"`
}

// LogOperation is an asynchronous operation of a Logs Data Platform service,
// at /dbaas/logs/{serviceName}/operation/{operationId}.
type LogOperation struct {
	OperationID string `json:"operationId"`
	ServiceName string `json:"serviceName"`
	// State is one of PENDING RECEIVED STARTED RETRY RUNNING (under way),
	// SUCCESS, FAILURE or REVOKED.
	State string `json:"state"`
	// SubscriptionID is the subscription the operation concerns, when the
	// API tells.
	SubscriptionID *string `json:"subscriptionId"`
	CreatedAt      string  `json:"createdAt"`
	UpdatedAt      *string `json:"updatedAt"`
}

func logSubscriptionPath(serviceName, kubeID string, rest ...string) (string, error) {
	return kubePath(serviceName, append([]string{kubeID, "~log", "~subscription"}, rest...)...)
}

// ListLogSubscriptions returns the ids of the cluster's log subscriptions,
// of one kind unless kind is empty.
func (c *Client) ListLogSubscriptions(ctx context.Context, serviceName, kubeID, kind string) ([]string, error) {
	p, err := logSubscriptionPath(serviceName, kubeID)
	if err != nil {
		return nil, err
	}
	if kind != "" {
		p += "?kind=" + url.QueryEscape(kind)
	}
	ids := []string{}
	return ids, c.call(ctx, http.MethodGet, p, nil, &ids)
}

// GetLogSubscription reads one subscription; IsNotFound is true of the error
// when it, or its cluster, no longer exists.
func (c *Client) GetLogSubscription(ctx context.Context, serviceName, kubeID, id string) (*LogSubscription, error) {
	p, err := logSubscriptionPath(serviceName, kubeID, id)
	if err != nil {
		return nil, err
	}
	var s LogSubscription
	if err := c.call(ctx, http.MethodGet, p, nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// CreateLogSubscription subscribes the cluster's logs of a kind to an LDP
// stream. The answer is the operation that creates it, whose SUCCESS names
// the subscription; the cluster redeploys meanwhile.
func (c *Client) CreateLogSubscription(ctx context.Context, serviceName, kubeID, kind, streamID string) (*LogOperationRef, error) {
	p, err := logSubscriptionPath(serviceName, kubeID)
	if err != nil {
		return nil, err
	}
	var ref LogOperationRef
	if err := c.call(ctx, http.MethodPost, p, logSubscriptionCreate{Kind: kind, StreamID: streamID}, &ref); err != nil {
		return nil, err
	}
	return &ref, nil
}

// DeleteLogSubscription removes a subscription. The answer is the operation
// that removes it, nil when the API answers none.
func (c *Client) DeleteLogSubscription(ctx context.Context, serviceName, kubeID, id string) (*LogOperationRef, error) {
	p, err := logSubscriptionPath(serviceName, kubeID, id)
	if err != nil {
		return nil, err
	}
	var ref LogOperationRef
	if err := c.call(ctx, http.MethodDelete, p, nil, &ref); err != nil {
		return nil, err
	}
	if ref.OperationID == "" {
		return nil, nil
	}
	return &ref, nil
}

// GetLogOperation reads an operation of the LDP service serviceName.
func (c *Client) GetLogOperation(ctx context.Context, serviceName, operationID string) (*LogOperation, error) {
	p, err := pathOf("~dbaas", "~logs", serviceName, "~operation", operationID)
	if err != nil {
		return nil, err
	}
	var op LogOperation
	if err := c.call(ctx, http.MethodGet, p, nil, &op); err != nil {
		return nil, err
	}
	return &op, nil
}
