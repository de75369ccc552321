# A cluster and its node pool, applied together. The pool's flavor is checked
# against the cluster's flavors before the pool is created.
resource "ovh_cloud_project_kube" "cluster" {
  service_name  = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name          = "production"
  region        = "GRA11"
  update_policy = "MINIMAL_DOWNTIME"
}

locals {
  # The pool's name follows its flavor: changing the flavor renames the pool,
  # so the new pool can be created while the old one still runs.
  worker_flavor = "b3-16"
}

resource "ovh_cloud_project_kube_nodepool" "workers" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
  name         = "workers-${local.worker_flavor}"
  flavor_name  = local.worker_flavor

  # Sizes and autoscaling are updated in place.
  autoscale     = true
  desired_nodes = 3
  min_nodes     = 2
  max_nodes     = 10

  autoscaling_scale_down_unneeded_time_seconds = 600
  autoscaling_scale_down_unready_time_seconds  = 1200
  autoscaling_scale_down_utilization_threshold = 0.6

  # Fixed at creation: changing them replaces the pool.
  anti_affinity  = false
  monthly_billed = false

  # Updated in place, as a whole.
  template {
    metadata {
      labels = {
        "example.com/role" = "worker"
      }
      annotations = {
        "example.com/owner" = "platform-team"
      }
    }
    spec {
      unschedulable = false
    }
  }

  lifecycle {
    create_before_destroy = true
  }

  timeouts {
    create = "1h"
    update = "1h"
    delete = "30m"
  }
}

output "nodepool_id" {
  value = ovh_cloud_project_kube_nodepool.workers.id
}

output "nodepool_nodes" {
  value = {
    status    = ovh_cloud_project_kube_nodepool.workers.status
    desired   = ovh_cloud_project_kube_nodepool.workers.desired_nodes
    current   = ovh_cloud_project_kube_nodepool.workers.current_nodes
    available = ovh_cloud_project_kube_nodepool.workers.available_nodes
  }
}
