# Revokes every kubeconfig of the cluster after one leaked:
#   terraform apply -invoke=action.ovh_cloud_project_kube_kubeconfig_reset.leaked
# then `terraform apply` stores the new kubeconfig in the cluster's state.
action "ovh_cloud_project_kube_kubeconfig_reset" "leaked" {
  config {
    service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    kube_id      = ovh_cloud_project_kube.my_cluster.id
  }
}

resource "ovh_cloud_project_kube" "my_cluster" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "my-cluster"
  region       = "GRA11"
}

# Or at every change of a value you rotate on a schedule: a new rotation_id
# resets the cluster's credentials in the same apply.
variable "rotation_id" {
  type    = string
  default = "2026-q4"
}

resource "terraform_data" "credentials_rotation" {
  input = var.rotation_id

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.ovh_cloud_project_kube_kubeconfig_reset.leaked]
    }
  }
}
