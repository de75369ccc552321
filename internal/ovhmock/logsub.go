package ovhmock

// Log subscriptions (API-MKS.md §6): a cluster's audit logs forwarded to a
// stream of a Logs Data Platform (LDP) service, through
// /cloud/project/{serviceName}/kube/{kubeId}/log/subscription, and the LDP
// operations that carry out each change, read at
// /dbaas/logs/{serviceName}/operation/{operationId}.
//
// Choices where the public sources are silent: the mock knows one LDP
// service, LogService, whose streams are Options.LogStreams; a creation
// naming another stream answers 404. The only kind is "audit"; another
// answers 400. A creation or a deletion needs a READY cluster (409
// otherwise) and answers an operation at once; the subscription is listed
// and readable from the creation on, and gone from the deletion on. The
// operation reads PENDING for the first third of Timings.LogOperation, then
// RUNNING, then SUCCESS (or FAILURE for a subscription to one of
// Options.FailingLogStreams, whose subscription then disappears); the
// operation's subscriptionId is set from the request on. The cluster is
// REDEPLOYING from the request until Timings.Redeploy after the operation
// ends, and reads auditLogsSubscribed true while a subscription of kind
// audit exists whose creation succeeded. Two subscriptions of one cluster
// to one stream are allowed. The subscription's resource is
// {name: <kubeId>, type: "kube"}. A reset keeps the subscriptions; the
// state file keeps them, not the operations.

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"
)

// LogService is the name of the Logs Data Platform service the mock knows.
const LogService = "ldp-mock-00001"

// DefaultLogStreams are the LDP streams known when Options.LogStreams is
// empty. The first is the example of the API's schema.
var DefaultLogStreams = []string{
	"18d603e8-7d50-4000-8393-f0d5bb7f1280",
	"2c1e9f44-5b7a-4d2e-9c1f-7a3b5d9e0f12",
}

// Operation states of the LDP (dbaas.logs.OperationStateEnum).
const (
	LogOperationPending = "PENDING"
	LogOperationRunning = "RUNNING"
	LogOperationSuccess = "SUCCESS"
	LogOperationFailure = "FAILURE"
)

// LogSubscription is the mock's model of a log subscription; its JSON form
// is the API's dbaas.logs.LogSubscription.
type LogSubscription struct {
	SubscriptionID string                  `json:"subscriptionId"`
	Kind           string                  `json:"kind"`
	StreamID       string                  `json:"streamId"`
	ServiceName    string                  `json:"serviceName"`
	Resource       LogSubscriptionResource `json:"resource"`
	CreatedAt      time.Time               `json:"createdAt"`
	UpdatedAt      time.Time               `json:"updatedAt"`
}

// LogSubscriptionResource is what a subscription forwards the logs of.
type LogSubscriptionResource struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// logSubscription is a subscription as a cluster holds it.
type logSubscription struct {
	LogSubscription
	// doneAt is when its creation operation ends; failing, that it ends
	// in FAILURE, after which the subscription is gone.
	doneAt  time.Time
	failing bool
}

// logOperation is an LDP operation.
type logOperation struct {
	id, subscriptionID string
	createdAt, doneAt  time.Time
	failing            bool
}

func (o *logOperation) state(now time.Time) string {
	switch {
	case !now.Before(o.doneAt) && o.failing:
		return LogOperationFailure
	case !now.Before(o.doneAt):
		return LogOperationSuccess
	case now.Before(o.createdAt.Add(o.doneAt.Sub(o.createdAt) / 3)):
		return LogOperationPending
	}
	return LogOperationRunning
}

// logOperationView is the API's dbaas.logs.Operation, with the members the
// mock fills.
type logOperationView struct {
	OperationID    string     `json:"operationId"`
	ServiceName    string     `json:"serviceName"`
	State          string     `json:"state"`
	SubscriptionID *string    `json:"subscriptionId"`
	CreatedAt      time.Time  `json:"createdAt"`
	UpdatedAt      *time.Time `json:"updatedAt"`
}

// logOperationReply is the API's dbaas.logs.LogSubscriptionResponse.
type logOperationReply struct {
	OperationID string `json:"operationId"`
	ServiceName string `json:"serviceName"`
}

// logSubscriptions returns the cluster's subscriptions that exist at now,
// forgetting those whose creation failed. The caller holds m.mu.
func (cs *clusterState) logSubscriptionsAt(now time.Time) map[string]*logSubscription {
	for id, s := range cs.logSubscriptions {
		if s.failing && !now.Before(s.doneAt) {
			delete(cs.logSubscriptions, id)
		}
	}
	return cs.logSubscriptions
}

// logSchema is the body of a creation, dbaas.logs.LogSubscriptionCreation.
var logSchema = object("dbaas.logs.LogSubscriptionCreation", map[string]*schema{
	"kind":     str(),
	"streamId": str(),
}, "kind", "streamId")

func (m *Mock) listLogSubscriptions(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	kind := c.r.URL.Query().Get("kind")
	subs := cs.logSubscriptionsAt(c.now)
	ids := []string{}
	for _, s := range sortedSubscriptions(subs) {
		if kind == "" || s.Kind == kind {
			ids = append(ids, s.SubscriptionID)
		}
	}
	return ids, nil
}

func sortedSubscriptions(subs map[string]*logSubscription) []*logSubscription {
	out := slices.Collect(maps.Values(subs))
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].SubscriptionID < out[j].SubscriptionID
	})
	return out
}

func (m *Mock) createLogSubscription(c *call) (any, error) {
	cs, err := m.changeable(c, false)
	if err != nil {
		return nil, err
	}
	var req logSubscriptionCreation
	if err := decodeBody(c.body, logSchema, &req); err != nil {
		return nil, err
	}
	// The schema's kind is a free string; the official provider documents
	// "audit" as the only kind there is (its docs of
	// ovh_cloud_project_kube_log_subscription; API-MKS.md §6).
	if req.Kind != logKindAudit {
		return nil, fieldError("kind", "Given data (%s) is not a log kind of a Managed Kubernetes cluster: the only kind is %s", req.Kind, logKindAudit)
	}
	if !slices.Contains(m.opts.LogStreams, req.StreamID) {
		return nil, notFound("Stream %s does not exist", req.StreamID)
	}
	failing := slices.Contains(m.opts.FailingLogStreams, req.StreamID)
	sub := &logSubscription{
		LogSubscription: LogSubscription{
			SubscriptionID: m.newUUID(), Kind: req.Kind, StreamID: req.StreamID, ServiceName: LogService,
			Resource:  LogSubscriptionResource{Name: cs.c.ID, Type: "kube"},
			CreatedAt: timestamp(c.now), UpdatedAt: timestamp(c.now),
		},
		doneAt: c.now.Add(m.opts.Timings.LogOperation), failing: failing,
	}
	if cs.logSubscriptions == nil {
		cs.logSubscriptions = map[string]*logSubscription{}
	}
	cs.logSubscriptions[sub.SubscriptionID] = sub
	return m.startLogOperation(cs, sub.SubscriptionID, failing, c), nil
}

func (m *Mock) getLogSubscription(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	s := cs.logSubscriptionsAt(c.now)[c.params["subscriptionId"]]
	if s == nil {
		return nil, notFound("Subscription %s does not exist", c.params["subscriptionId"])
	}
	return s.LogSubscription, nil
}

func (m *Mock) deleteLogSubscription(c *call) (any, error) {
	cs, err := m.visible(c)
	if err != nil {
		return nil, err
	}
	id := c.params["subscriptionId"]
	if cs.logSubscriptionsAt(c.now)[id] == nil {
		return nil, notFound("Subscription %s does not exist", id)
	}
	if err := cs.busy(false); err != nil {
		return nil, err
	}
	delete(cs.logSubscriptions, id)
	return m.startLogOperation(cs, id, false, c), nil
}

// startLogOperation starts the LDP operation of a change of the cluster's
// subscriptions, and the redeploy that outlasts it.
func (m *Mock) startLogOperation(cs *clusterState, subscriptionID string, failing bool, c *call) logOperationReply {
	op := &logOperation{
		id: m.newUUID(), subscriptionID: subscriptionID, failing: failing,
		createdAt: c.now, doneAt: c.now.Add(m.opts.Timings.LogOperation),
	}
	if m.logOps == nil {
		m.logOps = map[string]*logOperation{}
	}
	m.logOps[op.id] = op
	before := cs.c.clone()
	m.startTransition(cs, before, c.now, StatusRedeploying, m.opts.Timings.LogOperation+m.opts.Timings.Redeploy, StatusReady)
	m.lagStatus(cs, before.Status, c.now)
	return logOperationReply{OperationID: op.id, ServiceName: LogService}
}

func (m *Mock) getLogOperation(c *call) (any, error) {
	if c.params["serviceName"] != LogService {
		return nil, notFound("Cannot find service, neither 'serviceId' nor 'serviceName' found")
	}
	op := m.logOps[c.params["operationId"]]
	if op == nil {
		return nil, notFound("Operation %s does not exist", c.params["operationId"])
	}
	state := op.state(c.now)
	v := logOperationView{OperationID: op.id, ServiceName: LogService, State: state, CreatedAt: timestamp(op.createdAt)}
	if op.subscriptionID != "" {
		id := op.subscriptionID
		v.SubscriptionID = &id
	}
	if state != LogOperationPending {
		at := timestamp(c.now)
		if op.doneAt.Before(c.now) {
			at = timestamp(op.doneAt)
		}
		v.UpdatedAt = &at
	}
	return v, nil
}

// newUUID is a random id, or one drawn from the fault seed when it is set,
// so that seeded runs send the same paths. The caller holds m.mu.
func (m *Mock) newUUID() string {
	if m.opts.Faults.Seed == 0 {
		return formatUUID(randomUUIDBytes())
	}
	m.uuidSeq++
	return formatUUID(seededBytes(m.opts.Faults.Seed, "uuid", fmt.Sprint(m.uuidSeq)))
}

// LogSubscriptions returns a cluster's log subscriptions as the API holds
// them, oldest first; false when the cluster does not exist.
func (m *Mock) LogSubscriptions(project, kubeID string) ([]LogSubscription, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return nil, false
	}
	out := []LogSubscription{}
	for _, s := range sortedSubscriptions(cs.logSubscriptionsAt(m.opts.Now())) {
		out = append(out, s.LogSubscription)
	}
	return out, true
}

// AddLogSubscription gives cluster kubeID a subscription out of band, as
// the OVHcloud console would: at once, without an operation nor a
// redeploy. Empty members get defaults: a new id, kind audit, the first
// known stream, the dates of now. It returns the subscription as stored.
func (m *Mock) AddLogSubscription(project, kubeID string, s LogSubscription) (LogSubscription, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil {
		return s, fmt.Errorf("ovhmock: no cluster %s in project %s", kubeID, project)
	}
	s = m.fillLogSubscription(cs, s, m.opts.Now())
	cs.addLogSubscription(s)
	return s, nil
}

// fillLogSubscription gives s the defaults of AddLogSubscription. The caller
// holds m.mu.
func (m *Mock) fillLogSubscription(cs *clusterState, s LogSubscription, now time.Time) LogSubscription {
	if s.SubscriptionID == "" {
		s.SubscriptionID = m.newUUID()
	}
	s.Kind = cmpOr(s.Kind, logKindAudit)
	s.StreamID = cmpOr(s.StreamID, m.opts.LogStreams[0])
	s.ServiceName = cmpOr(s.ServiceName, LogService)
	if s.Resource == (LogSubscriptionResource{}) {
		s.Resource = LogSubscriptionResource{Name: cs.c.ID, Type: "kube"}
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = timestamp(now)
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = s.CreatedAt
	}
	return s
}

func (cs *clusterState) addLogSubscription(s LogSubscription) {
	if cs.logSubscriptions == nil {
		cs.logSubscriptions = map[string]*logSubscription{}
	}
	cs.logSubscriptions[s.SubscriptionID] = &logSubscription{LogSubscription: s}
}

// RemoveLogSubscription deletes a subscription out of band, at once; it
// reports whether it existed.
func (m *Mock) RemoveLogSubscription(project, kubeID, id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	cs := m.find(project, kubeID)
	if cs == nil || cs.logSubscriptionsAt(m.opts.Now())[id] == nil {
		return false
	}
	delete(cs.logSubscriptions, id)
	return true
}

// savedLogSubscriptions are the subscriptions a state file holds: those
// that exist and whose creation will not fail. The caller holds m.mu.
func (cs *clusterState) savedLogSubscriptions(now time.Time) []LogSubscription {
	var out []LogSubscription
	for _, s := range sortedSubscriptions(cs.logSubscriptionsAt(now)) {
		if !s.failing {
			out = append(out, s.LogSubscription)
		}
	}
	return out
}

// logSubscriptionCreation is the body of POST /log/subscription
// (dbaas.logs.LogSubscriptionCreation).
type logSubscriptionCreation struct {
	Kind     string `json:"kind"`
	StreamID string `json:"streamId"`
}
