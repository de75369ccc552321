//go:build tools

// Package tools pins OpenTofu, built from the Go module proxy for tests and the demo.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
