package ovhapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
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
	// Hint names the settings to check when the answer comes from the
	// provider's configuration rather than from the cluster.
	Hint string
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
	if e.Hint != "" {
		msg += ". " + e.Hint
	}
	return msg
}

// authMethod is the kind of credentials a client sends.
type authMethod int

const (
	authApplicationKey authMethod = iota
	authOAuth2
	authAccessToken
)

// settings names the provider arguments, and their variables, that make up
// the credentials of a method. Only names: never the values.
func (a authMethod) settings() string {
	switch a {
	case authOAuth2:
		return "client_id (OVH_CLIENT_ID) and client_secret (OVH_CLIENT_SECRET)"
	case authAccessToken:
		return "access_token (OVH_ACCESS_TOKEN)"
	}
	return "application_key (OVH_APPLICATION_KEY), application_secret (OVH_APPLICATION_SECRET) and consumer_key (OVH_CONSUMER_KEY)"
}

// credentialsHint is what to check when the API refuses the credentials.
// Credentials are valid on one endpoint only: keys made on ovh-eu are
// unknown to ovh-ca, so the endpoint is part of what to check.
func credentialsHint(a authMethod, endpoint string) string {
	made := "they were"
	if a == authAccessToken {
		made = "it was"
	}
	return fmt.Sprintf("The API at endpoint %q refused the credentials: check %s, and that %s created for this endpoint", endpoint, a.settings(), made)
}

// refusedCredentials are the messages of OVHcloud's authentication layer:
// a wrong key, secret, consumer key, token, signature or timestamp. Other
// 403 answers, such as a call the consumer key was not granted, are not
// about the credentials being wrong.
var refusedCredentials = map[string]bool{
	"invalid signature":                         true,
	"invalid application key":                   true,
	"this credential does not exist":            true,
	"this credential is not valid":              true,
	"invalid access token":                      true,
	"invalid timestamp":                         true,
	"timestamp is too far from the server time": true,
	"you must login first":                      true,
}

func isRefusedCredentials(status int, message string) bool {
	switch status {
	case http.StatusUnauthorized:
		return true
	case http.StatusForbidden:
		return refusedCredentials[normalMessage(message)]
	}
	return false
}

const missingServiceMessage = "this service does not exist"

func normalMessage(m string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(m), "."))
}

// isMissingService reports a 404 about the project itself, not about
// something inside it.
func (e *Error) isMissingService() bool {
	return e.Status == http.StatusNotFound && normalMessage(e.Message) == missingServiceMessage
}

// serviceNameOf returns the project of a /cloud/project/{serviceName}/...
// path as the user wrote it.
func serviceNameOf(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/cloud/project/")
	if !ok {
		return "", false
	}
	seg, _, _ := strings.Cut(rest, "/")
	if seg == "" {
		return "", false
	}
	if name, err := url.PathUnescape(seg); err == nil {
		return name, true
	}
	return seg, true
}

// serviceHint is what to check when the API does not know the project.
func serviceHint(serviceName, endpoint string) string {
	return fmt.Sprintf("Check service_name (or OVH_CLOUD_PROJECT_SERVICE): %q must be the id of a Public Cloud project that these credentials can reach on endpoint %q", serviceName, endpoint)
}

// withHint adds to an API answer the settings the user should look at.
func withHint(e *Error, a authMethod, endpoint string) *Error {
	switch {
	case isRefusedCredentials(e.Status, e.Message):
		e.Hint = credentialsHint(a, endpoint)
	case e.isMissingService():
		if sn, ok := serviceNameOf(e.Path); ok {
			e.Hint = serviceHint(sn, endpoint)
		}
	}
	return e
}

// unreachableError is a request that could not be sent: nothing listens at
// the endpoint, or its host name does not resolve. Most often the endpoint
// is wrong, or the mock API is not started.
type unreachableError struct {
	endpoint string
	attempts int
	err      error
}

func (e *unreachableError) Error() string {
	attempts := "1 attempt"
	if e.attempts != 1 {
		attempts = fmt.Sprintf("%d attempts", e.attempts)
	}
	return fmt.Sprintf("cannot reach the OVHcloud API at endpoint %q (%s): %s. "+
		"Check that the API, or the mock API, is running at that address and that endpoint (or OVH_ENDPOINT) is right",
		e.endpoint, attempts, e.err)
}

func (e *unreachableError) Unwrap() error { return e.err }

var errEmptySubnet = errors.New("a load balancers subnet id cannot be empty: the API refuses an empty uuid")

// IsNotFound reports whether err is an API answer 404 about the object
// asked for. A project the credentials cannot reach is not included: a
// cluster read through a wrong service_name or wrong credentials still
// exists, and must not be dropped from the state.
func IsNotFound(err error) bool {
	var apiErr *Error
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound && !apiErr.isMissingService()
}

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
