package ovhapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Error is an answer of the OVHcloud API outside 2xx. It keeps what OVHcloud
// support needs to trace the call: the status, the error class, the message and
// the query id.
type Error struct {
	Method  string
	Path    string
	Status  int
	Class   string
	Message string
	QueryID string
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("OVHcloud API answered %d", e.Status)
	if e.Class != "" {
		msg += " " + e.Class
	}
	msg += fmt.Sprintf(" to %s %s", e.Method, e.Path)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.QueryID != "" {
		msg += fmt.Sprintf(" (query id %s)", e.QueryID)
	}
	return msg
}

var errEmptySubnet = errors.New("a load balancers subnet id cannot be empty: the API refuses an empty uuid")

// IsNotFound reports whether err is an API answer 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsConflict reports whether err is an API answer 409.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

func hasStatus(err error, status int) bool {
	var apiErr *Error
	return errors.As(err, &apiErr) && apiErr.Status == status
}

// MaybeApplied reports whether a failed request may nevertheless have been
// carried out: a 5xx answer, an answer lost in transit, or a deadline hit
// while waiting for it. The caller must find out before sending it again.
func MaybeApplied(err error) bool {
	if err == nil {
		return false
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr.Status >= 500
	}
	var te *transportError
	if errors.As(err, &te) {
		return !te.notSent
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}
