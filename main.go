// Command terraform-provider-ovh serves the ovh provider to Terraform and OpenTofu.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

// noClusterLockEnv, set to 1, lets the changes to one cluster run at the
// same time, with the API's 409s waited out alone: the whole-stack benchmark
// (scripts/bench-stack.sh, part of `make bench`) compares the two.
const noClusterLockEnv = "OVH_PROVIDER_NO_CLUSTER_LOCK"

// version and commit are set at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "dev"
	commit  = ""
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	if commit != "" {
		log.Printf("terraform-provider-ovh %s (%s)", version, commit)
	}
	if !debug {
		// Under -debug the logs go to the developer's terminal.
		if err := provider.SilenceUnreadLogs(os.Environ(), os.Setenv); err != nil {
			log.Fatal(err.Error())
		}
	}
	tuneGC(os.Getenv)
	stopProfiles, err := startProfiles(os.Getenv(profileEnv))
	if err != nil {
		log.Fatal(err.Error())
	}
	// What providerserver.Serve does for protocol 6, with the framework's
	// server wrapped (see provider.NewServer).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	server := provider.NewServer(version)
	if os.Getenv(noClusterLockEnv) == "1" {
		kopts := kube.DefaultOptions()
		kopts.NoClusterLock = true
		server = provider.NewServerWithOptions(version, kopts)
	}
	err = tf6server.Serve("registry.terraform.io/mkscloud/ovh", server, opts...)
	// Terraform asks the provider to shut down, then waits for it: the
	// profiles are written before the process ends.
	stopProfiles()
	if err != nil {
		log.Fatal(err.Error())
	}
}
