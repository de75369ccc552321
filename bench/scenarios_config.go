package main

import (
	"fmt"
	"strings"
)

func (s scenario) mainTF(kubeIDs []string) string {
	if s.pools {
		return poolTF(s.n, kubeIDs)
	}
	return mainTF(s.n)
}

func mainTF(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
  }
}

# Endpoint, credentials and service_name come from the OVH_* variables.
provider "ovh" {}

resource "ovh_cloud_project_kube" "c" {
  count           = %d
  name            = "bench-${count.index}"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"

  customization_kube_proxy {
    iptables {
      min_sync_period = "PT1S"
      sync_period     = "PT30S"
    }
    ipvs {
      min_sync_period = "PT0S"
      sync_period     = "PT30S"
      scheduler       = "rr"
      tcp_timeout     = "PT0S"
      tcp_fin_timeout = "PT0S"
      udp_timeout     = "PT0S"
    }
  }
}
`, n)
}

// poolTF spreads n node pools over the given clusters, round robin.
func poolTF(n int, kubeIDs []string) string {
	quoted := make([]string, len(kubeIDs))
	for i, id := range kubeIDs {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    ovh = {
      source = "ovh/ovh"
    }
  }
}

# Endpoint, credentials and service_name come from the OVH_* variables.
provider "ovh" {}

locals {
  kube_ids = [%s]
}

resource "ovh_cloud_project_kube_nodepool" "p" {
  count         = %d
  kube_id       = local.kube_ids[count.index %% length(local.kube_ids)]
  name          = "pool-${count.index}"
  flavor_name   = "b3-8"
  desired_nodes = 1
  max_nodes     = 3

  template {
    metadata {
      labels = { role = "bench", pool = "pool-${count.index}" }
    }
    spec {
      taints = [{ key = "dedicated", value = "bench", effect = "NoSchedule" }]
    }
  }
}
`, strings.Join(quoted, ", "), n)
}
