package ovhmock

import (
	"fmt"
	"net/http"
)

// apiError is an OVHcloud error answer: the status code and the JSON body
// that go-ovh turns into *ovh.APIError.
type apiError struct {
	status  int
	Class   string `json:"class"`
	Message string `json:"message"`
	// ErrorCode and HTTPCode are what OVHcloud adds to authentication
	// failures; go-ovh ignores them, other clients may not.
	ErrorCode string `json:"errorCode,omitempty"`
	HTTPCode  string `json:"httpCode,omitempty"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.Class, e.Message)
}

func newAPIError(status int, class, format string, args ...any) *apiError {
	return &apiError{status: status, Class: class, Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, "Client::BadRequest", format, args...)
}

func notFound(format string, args ...any) *apiError {
	return newAPIError(http.StatusNotFound, "Client::NotFound", format, args...)
}

func conflict(format string, args ...any) *apiError {
	return newAPIError(http.StatusConflict, "Client::Conflict", format, args...)
}

func forbidden(code, message string) *apiError {
	e := newAPIError(http.StatusForbidden, "Client::Forbidden", "%s", message)
	e.ErrorCode, e.HTTPCode = code, "403 Forbidden"
	return e
}

// fieldError is a 400 naming the offending field the way the API does:
// "[customization.kubeProxy.ipvs.scheduler] Given data (xx) ...".
func fieldError(path, format string, args ...any) *apiError {
	return badRequest("[%s] %s", path, fmt.Sprintf(format, args...))
}

var serverErrorClasses = map[int]string{
	http.StatusInternalServerError: "Server::InternalServerError",
	http.StatusBadGateway:          "Server::BadGateway",
	http.StatusServiceUnavailable:  "Server::ServiceUnavailable",
}

func serverError(status int) *apiError {
	return newAPIError(status, serverErrorClasses[status], "%s", http.StatusText(status))
}
