package acctest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The cluster and the node pools of OfficialPoolsState and SeedOfficialPools.
const (
	// MigratedPoolClusterID is the cluster.
	MigratedPoolClusterID = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70"
	// MigratedBackendPoolID is the node pool backend, with labels and a taint.
	MigratedBackendPoolID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
	// MigratedWorkersPoolID is the node pool workers, without a template.
	MigratedWorkersPoolID = "f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e"
	// migratedPoolTime is the creation and update time of both pools, in
	// the mock and in the state.
	migratedPoolTime = "2025-03-14T09:26:53Z"
)

// officialNodePools are two node pools as the official OVH provider (v2.x,
// SDKv2) writes them: template and attach_floating_ips as sets of at most
// one, every part of the template present, taints as a list of maps, ""
// for unset strings, [] for unset availability_zones, the sizes and the
// autoscaling settings the API reported, null timeouts and the timeouts in
// the private data. Pool "backend" has labels and a taint; pool "workers"
// has no template. The placeholders are the provider host, the project, the
// cluster id and attach_floating_ips (twice).
const officialNodePools = `[
  {
    "mode": "managed",
    "type": "ovh_cloud_project_kube_nodepool",
    "name": "backend",
    "provider": "provider[\"%[1]s/ovh/ovh\"]",
    "instances": [
      {
        "schema_version": 0,
        "attributes": {
          "anti_affinity": false,
          "attach_floating_ips": %[4]s,
          "autoscale": false,
          "autoscaling_scale_down_unneeded_time_seconds": 600,
          "autoscaling_scale_down_unready_time_seconds": 1200,
          "autoscaling_scale_down_utilization_threshold": 0.5,
          "availability_zones": [],
          "available_nodes": 3,
          "created_at": "` + migratedPoolTime + `",
          "current_nodes": 3,
          "desired_nodes": 3,
          "flavor": "b3-8",
          "flavor_name": "b3-8",
          "id": "` + MigratedBackendPoolID + `",
          "kube_id": "%[3]s",
          "max_nodes": 5,
          "min_nodes": 1,
          "monthly_billed": false,
          "name": "backend",
          "project_id": "%[2]s",
          "service_name": "%[2]s",
          "size_status": "CAPACITY_OK",
          "status": "READY",
          "template": [
            {
              "metadata": [
                {
                  "annotations": {},
                  "finalizers": [],
                  "labels": {"environment": "production", "example.com/role": "backend"}
                }
              ],
              "spec": [
                {
                  "taints": [{"effect": "NoSchedule", "key": "dedicated", "value": "backend"}],
                  "unschedulable": false
                }
              ]
            }
          ],
          "timeouts": null,
          "up_to_date_nodes": 3,
          "updated_at": "` + migratedPoolTime + `"
        },
        "sensitive_attributes": [],
        "private": "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjozNjAwMDAwMDAwMDAwLCJkZWxldGUiOjM2MDAwMDAwMDAwMDAsInJlYWQiOjMwMDAwMDAwMDAwMCwidXBkYXRlIjozNjAwMDAwMDAwMDAwfX0=",
        "dependencies": ["ovh_cloud_project_kube.my_cluster"]
      }
    ]
  },
  {
    "mode": "managed",
    "type": "ovh_cloud_project_kube_nodepool",
    "name": "workers",
    "provider": "provider[\"%[1]s/ovh/ovh\"]",
    "instances": [
      {
        "schema_version": 0,
        "attributes": {
          "anti_affinity": false,
          "attach_floating_ips": %[4]s,
          "autoscale": false,
          "autoscaling_scale_down_unneeded_time_seconds": 600,
          "autoscaling_scale_down_unready_time_seconds": 1200,
          "autoscaling_scale_down_utilization_threshold": 0.5,
          "availability_zones": [],
          "available_nodes": 2,
          "created_at": "` + migratedPoolTime + `",
          "current_nodes": 2,
          "desired_nodes": 2,
          "flavor": "b3-16",
          "flavor_name": "b3-16",
          "id": "` + MigratedWorkersPoolID + `",
          "kube_id": "%[3]s",
          "max_nodes": 100,
          "min_nodes": 0,
          "monthly_billed": false,
          "name": "workers",
          "project_id": "%[2]s",
          "service_name": "%[2]s",
          "size_status": "CAPACITY_OK",
          "status": "READY",
          "template": [],
          "timeouts": null,
          "up_to_date_nodes": 2,
          "updated_at": "` + migratedPoolTime + `"
        },
        "sensitive_attributes": [],
        "private": "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjozNjAwMDAwMDAwMDAwLCJkZWxldGUiOjM2MDAwMDAwMDAwMDAsInJlYWQiOjMwMDAwMDAwMDAwMCwidXBkYXRlIjozNjAwMDAwMDAwMDAwfX0=",
        "dependencies": ["ovh_cloud_project_kube.my_cluster"]
      }
    ]
  }
]`

// OfficialPoolsConfig is what a user of the official provider has for the
// cluster and the two pools: the template with every part the official
// schema requires, and nothing for what the API chose. The placeholders
// are the project and the cluster plan.
const OfficialPoolsConfig = RequiredProviders + `
resource "ovh_cloud_project_kube" "my_cluster" {
  service_name = %q
  name         = "production"
  region       = "GRA11"
  plan         = %q
}

resource "ovh_cloud_project_kube_nodepool" "backend" {
  service_name  = ovh_cloud_project_kube.my_cluster.service_name
  kube_id       = ovh_cloud_project_kube.my_cluster.id
  name          = "backend"
  flavor_name   = "b3-8"
  desired_nodes = 3
  min_nodes     = 1
  max_nodes     = 5

  template {
    metadata {
      annotations = {}
      finalizers  = []
      labels = {
        "example.com/role" = "backend"
        environment        = "production"
      }
    }
    spec {
      unschedulable = false
      taints = [
        {
          key    = "dedicated"
          value  = "backend"
          effect = "NoSchedule"
        },
      ]
    }
  }
}

resource "ovh_cloud_project_kube_nodepool" "workers" {
  service_name  = ovh_cloud_project_kube.my_cluster.service_name
  kube_id       = ovh_cloud_project_kube.my_cluster.id
  name          = "workers"
  flavor_name   = "b3-16"
  desired_nodes = 2
}
`

// OfficialPoolsState is the official provider's state of the cluster and its
// two pools, under the registry host host: the cluster of OfficialClusterState,
// MigratedPoolClusterID, with the given plan, followed by its node pools
// backend and workers, with fips (JSON) as their attach_floating_ips.
func OfficialPoolsState(tb testing.TB, host, plan, fips string) string {
	tb.Helper()
	var pools []any
	if err := json.Unmarshal([]byte(fmt.Sprintf(officialNodePools, host, ovhmock.DefaultProject, MigratedPoolClusterID, fips)), &pools); err != nil {
		tb.Fatal(err)
	}
	return OfficialClusterState(tb, host, MigratedPoolClusterID, "production", plan, nil, pools...)
}

// SeedOfficialPools puts into m the cluster and the two node pools that
// OfficialPoolsState describes, of the given plan, with the floating IP
// setting fips as the API answers it.
func SeedOfficialPools(tb testing.TB, m *ovhmock.Mock, plan string, fips *ovhmock.AttachFloatingIPs) {
	tb.Helper()
	created, err := time.Parse(time.RFC3339, migratedPoolTime)
	if err != nil {
		tb.Fatal(err)
	}
	if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
		ID: MigratedPoolClusterID, Name: "production", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
		Status: "READY", Plan: plan, UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: true,
		URL: "abc123.c1.gra.k8s.ovh.net", NodesURL: "abc123.nodes.c1.gra.k8s.ovh.net",
		CreatedAt: created.Add(-time.Hour), UpdatedAt: created.Add(-time.Hour),
		Customization: &ovhmock.Customization{APIServer: &ovhmock.APIServer{AdmissionPlugins: &ovhmock.AdmissionPlugins{
			Enabled: []string{"AlwaysPullImages", "NodeRestriction"}, Disabled: []string{},
		}}},
	}); err != nil {
		tb.Fatal(err)
	}
	for _, p := range []ovhmock.NodePool{
		{
			ID: MigratedBackendPoolID, Name: "backend", Flavor: "b3-8", DesiredNodes: 3, MinNodes: 1, MaxNodes: 5,
			AttachFloatingIPs: fips, CreatedAt: created, UpdatedAt: created,
			Template: ovhmock.NodePoolTemplate{
				Metadata: ovhmock.NodePoolTemplateMetadata{Labels: map[string]string{
					"example.com/role": "backend", "environment": "production",
				}},
				Spec: ovhmock.NodePoolTemplateSpec{Taints: []ovhmock.Taint{{Key: "dedicated", Value: "backend", Effect: "NoSchedule"}}},
			},
		},
		{
			ID: MigratedWorkersPoolID, Name: "workers", Flavor: "b3-16", DesiredNodes: 2,
			AttachFloatingIPs: fips, CreatedAt: created, UpdatedAt: created,
		},
	} {
		if _, err := m.AddNodePool(ovhmock.DefaultProject, MigratedPoolClusterID, p); err != nil {
			tb.Fatal(err)
		}
	}
}
