# error: Attribute template[0].metadata[0].finalizers[0]: "" is not a valid Kubernetes qualified name
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  flavor_name  = "b3-8"
  template {
    metadata {
      finalizers = [""]
    }
  }
}
