package provider

import (
	"strings"
)

// quietLevels are the log levels the SDK reads from the environment at every
// request (terraform-plugin-go for its root and protocol loggers,
// terraform-plugin-framework for its own, terraform-plugin-go again for the
// provider's logger, named after the last part of the provider's address),
// set to OFF when nobody will read the logs. An unset level means TRACE to
// the SDK.
var quietLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_OVH"}

// SilenceUnreadLogs turns the SDK's and the provider's logs off when no
// TF_LOG* variable is set in environ: Terraform and OpenTofu start providers
// with the user's environment, and without TF_LOG or TF_LOG_PROVIDER they
// discard every line a provider writes. The SDK, told nothing, logs at TRACE:
// thousands of JSON lines a plan, built, written and parsed for nothing. At
// level OFF its loggers return before building a line.
//
// Any TF_LOG* variable (TF_LOG, TF_LOG_PROVIDER, TF_LOG_SDK*, TF_LOG_PATH,
// even set to OFF) leaves everything as the SDK would have it.
func SilenceUnreadLogs(environ []string, setenv func(name, value string) error) error {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_LOG") && value != "" {
			return nil
		}
	}
	for _, name := range quietLevels {
		if err := setenv(name, "OFF"); err != nil {
			return err
		}
	}
	return nil
}
