# Upgrades the cluster to the newest patch of its minor version now, rather
# than at the next maintenance window of its update policy:
#   terraform apply -invoke=action.ovh_cloud_project_kube_upgrade.patch
action "ovh_cloud_project_kube_upgrade" "patch" {
  config {
    service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    kube_id      = ovh_cloud_project_kube.my_cluster.id
    strategy     = "LATEST_PATCH"

    timeouts {
      invoke = "2h"
    }
  }
}

resource "ovh_cloud_project_kube" "my_cluster" {
  service_name  = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name          = "my-cluster"
  region        = "GRA11"
  update_policy = "MINIMAL_DOWNTIME"
}

# And after each change of the patch release you track.
variable "patch_release" {
  type    = string
  default = "2026-12"
}

resource "terraform_data" "patch_release" {
  input = var.patch_release

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.ovh_cloud_project_kube_upgrade.patch]
    }
  }
}
