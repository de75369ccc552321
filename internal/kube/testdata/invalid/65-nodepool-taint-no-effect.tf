# error: Attribute template[0].spec[0].taints[0]: effect is missing; it is one of "NoSchedule", "PreferNoSchedule", "NoExecute".
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  flavor_name  = "b3-8"
  template {
    spec {
      taints = [{ key = "dedicated" }]
    }
  }
}
