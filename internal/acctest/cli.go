package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// CLI returns the Terraform or OpenTofu binary that the acceptance tests
// run, from TF_ACC_TERRAFORM_PATH. It skips the test unless TF_ACC is set.
func CLI(tb testing.TB) string {
	tb.Helper()
	if os.Getenv("TF_ACC") == "" {
		tb.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run end-to-end tests")
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		tb.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	return path
}

// Workdir is a working directory of a CLI, as a user has one: main.tf, the
// CLI configuration cli.tfrc, and the state once applied.
type Workdir struct {
	// CLI is the Terraform or OpenTofu binary that runs in Dir.
	CLI string
	// Dir is the directory, removed when the test ends.
	Dir string
	// Env is the environment of every command: the CLI configuration,
	// OVH_ENDPOINT, and the test's own environment but for its OVH_* and
	// TF_* variables. A test may add to it.
	Env []string
	tb  testing.TB
}

// NewWorkdir is a working directory whose CLI, cli, takes the provider at
// ovh/ovh from providerDir through dev_overrides and any other provider
// from its registry, with mainTF as main.tf and endpoint as OVH_ENDPOINT.
// TF_LOG is not set: TRACE logs of both processes cost more than the rest
// of a run, and a test that reads them asks for them.
func NewWorkdir(tb testing.TB, cli, providerDir, endpoint, mainTF string) *Workdir {
	tb.Helper()
	return newWorkdir(tb, cli, endpoint, mainTF,
		fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"ovh/ovh\" = %q\n  }\n  direct {}\n}\n", providerDir))
}

// NewMirrorWorkdir is a working directory whose CLI, cli, installs every
// provider from mirror (see NewMirror), with init and a lock file, as
// users of an unpublished provider do: nothing comes from a registry.
func NewMirrorWorkdir(tb testing.TB, cli, mirror, endpoint, mainTF string) *Workdir {
	tb.Helper()
	return newWorkdir(tb, cli, endpoint, mainTF,
		fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror))
}

func newWorkdir(tb testing.TB, cli, endpoint, mainTF, rcContent string) *Workdir {
	tb.Helper()
	dir := tb.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	WriteFile(tb, rc, rcContent)
	WriteFile(tb, filepath.Join(dir, "main.tf"), mainTF)
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "OVH_ENDPOINT=" + endpoint}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "OVH_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	return &Workdir{CLI: cli, Dir: dir, Env: env, tb: tb}
}

// Run runs the CLI with args, and extraEnv after Env, and returns its
// output; it fails the test when the CLI fails.
func (w *Workdir) Run(extraEnv []string, args ...string) string {
	w.tb.Helper()
	out, err := w.Try(extraEnv, args...)
	if err != nil {
		w.tb.Fatalf("%s %s: %v\n%s", filepath.Base(w.CLI), strings.Join(args, " "), err, Tail(out, 4000))
	}
	return out
}

// Try runs the CLI as Run does, and returns its output and error, for
// callers that look at the exit code.
func (w *Workdir) Try(extraEnv []string, args ...string) (string, error) {
	w.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.CLI, args...)
	cmd.Dir = w.Dir
	cmd.Env = append(append([]string{}, w.Env...), extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// WriteFile writes content to path, readable by its owner only.
func WriteFile(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// LockedProviders reads the provider addresses and versions of the working
// directory's lock file.
func LockedProviders(tb testing.TB, w *Workdir) map[string]string {
	tb.Helper()
	lock, err := os.ReadFile(filepath.Join(w.Dir, ".terraform.lock.hcl"))
	if err != nil {
		tb.Fatalf("no lock file after init: %v", err)
	}
	locked := map[string]string{}
	re := regexp.MustCompile(`(?s)provider "([^"]+)" \{\s*version\s*=\s*"([^"]+)"\s*(?:constraints\s*=\s*"[^"]*"\s*)?hashes\s*=\s*\[\s*"h1:`)
	for _, m := range re.FindAllStringSubmatch(string(lock), -1) {
		locked[m[1]] = m[2]
	}
	return locked
}

// StateProviders maps the address of every resource in the working
// directory's state to the provider that manages it, read from
// terraform.tfstate rather than through `show -json`, which would start
// every provider once more.
func StateProviders(tb testing.TB, w *Workdir) map[string]string {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if err != nil {
		tb.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Mode     string `json:"mode"`
			Type     string `json:"type"`
			Name     string `json:"name"`
			Provider string `json:"provider"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		tb.Fatalf("terraform.tfstate: %v", err)
	}
	providers := map[string]string{}
	for _, r := range state.Resources {
		address := r.Type + "." + r.Name
		if r.Mode == "data" {
			address = "data." + address
		}
		// provider["registry.terraform.io/mkscloud/ovh"], or with an alias after it.
		fqn, _, _ := strings.Cut(strings.TrimPrefix(r.Provider, `provider["`), `"]`)
		providers[address] = fqn
	}
	return providers
}
