package kube

import (
	"testing"
	"time"
)

func TestNextPollStaysCloseToTheTimeWaited(t *testing.T) {
	first, maxi := pollFirst, pollMax
	pollFirst, pollMax = 200*time.Millisecond, 15*time.Second
	t.Cleanup(func() { pollFirst, pollMax = first, maxi })
	tests := []struct {
		elapsed, want time.Duration
	}{
		{0, 200 * time.Millisecond},
		{time.Second, 200 * time.Millisecond},
		{2100 * time.Millisecond, 210 * time.Millisecond},
		{5 * time.Second, 500 * time.Millisecond},
		{time.Minute, 6 * time.Second},
		{10 * time.Minute, 15 * time.Second},
	}
	for _, tt := range tests {
		if got := nextPoll(tt.elapsed); got != tt.want {
			t.Errorf("nextPoll(%s) = %s, want %s", tt.elapsed, got, tt.want)
		}
	}
	// A ten-minute operation costs a bounded number of GETs.
	polls, elapsed := 0, time.Duration(0)
	for elapsed < 10*time.Minute {
		elapsed += nextPoll(elapsed)
		polls++
	}
	if polls > 100 {
		t.Errorf("%d polls for a ten-minute wait, want at most 100", polls)
	}
	t.Logf("%d polls for a ten-minute wait", polls)
}
