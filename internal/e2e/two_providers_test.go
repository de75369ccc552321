package e2e

import (
	"errors"
	"fmt"
	"maps"
	"os/exec"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// twoProvidersConfig is the configuration the migration guide documents for
// running both providers: the official one as ovh, this one as mks, each
// managing a cluster.
var twoProvidersConfig = fmt.Sprintf(`terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
    mks = {
      source = "mkscloud/ovh"
    }
  }
}

resource "ovh_cloud_project_kube" "official" {
  service_name = %[1]q
  name         = "official"
  region       = "GRA11"
}

resource "ovh_cloud_project_kube" "mks" {
  provider = mks

  service_name = %[1]q
  name         = "mks"
  region       = "GRA11"
}
`, ovhmock.DefaultProject)

// TestAccE2E_twoProviders runs a configuration holding both providers, the
// official-shaped one under ovh/ovh (this binary stands in for it) and this
// one under mkscloud/ovh, both installed from a filesystem mirror: init
// locks both at the release, each cluster is created and held by its own
// provider, and the next plan is empty.
func TestAccE2E_twoProviders(t *testing.T) {
	binary := acctest.CLI(t)
	mirror, version := acctest.NewMirror(t)
	host := acctest.ProviderHost()
	m := ovhmock.New(ovhmock.Options{})
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewMirrorWorkdir(t, binary, mirror, endpoint, twoProvidersConfig)
	acctest.GuardState(t, m, w)

	w.Run(nil, "init", "-input=false", "-no-color")
	wantLocked := map[string]string{host + "/" + acctest.OfficialAddress: version, host + "/" + acctest.OwnAddress: version}
	if got := acctest.LockedProviders(t, w); !maps.Equal(got, wantLocked) {
		t.Fatalf("lock file after init: got %v, want %v", got, wantLocked)
	}

	w.Run(acctest.MockCredentials, "apply", "-auto-approve", "-input=false", "-no-color")
	want := map[string]string{
		"ovh_cloud_project_kube.official": host + "/" + acctest.OfficialAddress,
		"ovh_cloud_project_kube.mks":      host + "/" + acctest.OwnAddress,
	}
	if got := acctest.StateProviders(t, w); !maps.Equal(got, want) {
		t.Fatalf("providers in state: got %v, want %v", got, want)
	}
	names := map[string]bool{}
	for _, c := range m.Clusters(ovhmock.DefaultProject) {
		names[c.Name] = true
	}
	if !names["official"] || !names["mks"] || len(names) != 2 {
		t.Fatalf("clusters in the mock: %v, want official and mks", names)
	}

	m.ResetRequests()
	out, err := w.Try(acctest.MockCredentials, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Fatalf("the plan after the apply is not empty:\n%s", planSummary(out))
	}
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, acctest.Tail(out, 3000))
	}
	for _, r := range m.Requests() {
		if r.Method != "GET" {
			t.Errorf("the plan sent %s %s", r.Method, r.Path)
		}
	}
}
