package ovhmock

import "testing"

// TestAuditLogsSubscribedFollowsSubscriptions: a cluster answers
// auditLogsSubscribed true exactly while a log subscription of kind audit
// exists, whatever its state or a state file says.
func TestAuditLogsSubscribedFollowsSubscriptions(t *testing.T) {
	cs := &clusterState{c: Cluster{ID: "k", Status: StatusReady, AuditLogsSubscribed: true}}
	if cs.view().AuditLogsSubscribed {
		t.Fatal("a cluster without log subscriptions answers auditLogsSubscribed true")
	}
	cs.addLogSubscription(LogSubscription{SubscriptionID: "s1", Kind: "other"})
	if cs.view().AuditLogsSubscribed {
		t.Fatal("a subscription of another kind sets auditLogsSubscribed")
	}
	cs.addLogSubscription(LogSubscription{SubscriptionID: "s2", Kind: logKindAudit})
	if !cs.view().AuditLogsSubscribed {
		t.Fatal("an audit subscription does not set auditLogsSubscribed")
	}
	delete(cs.logSubscriptions, "s2")
	if cs.view().AuditLogsSubscribed {
		t.Fatal("auditLogsSubscribed stays true after its subscription is gone")
	}
}
