# A cluster whose API server only the listed blocks can reach. If the cluster
# is reset (reset_instead_of_replace), the reset empties the list: the next
# plan shows the blocks to add back, and the next apply restores them.
resource "ovh_cloud_project_kube" "cluster" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "production"
  region       = "GRA11"
}

variable "admin_networks" {
  type        = set(string)
  description = "The blocks allowed to reach the API server, such as the CI runners and the office."
  default     = ["203.0.113.0/24", "192.0.2.10"]
}

resource "ovh_cloud_project_kube_iprestrictions" "api" {
  service_name = ovh_cloud_project_kube.cluster.service_name
  kube_id      = ovh_cloud_project_kube.cluster.id
  ips          = var.admin_networks

  # Each change redeploys the API server; the apply waits until the cluster
  # is READY again.
  timeouts {
    create = "10m"
    update = "5m"
    delete = "5m"
  }
}
