package kube

import "time"

// SetFastPolling shortens the waits' polling for tests against the mock,
// whose transitions take tens of milliseconds.
func SetFastPolling() {
	pollFirst = 10 * time.Millisecond
	pollMax = 50 * time.Millisecond
	staleGrace = 2 * time.Second
}
