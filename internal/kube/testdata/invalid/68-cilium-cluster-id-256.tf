# error: Attribute customization_cilium[0].cluster_id value must be between 1 and 255, got: 256
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan         = "standard"
  customization_cilium {
    cluster_id = 256
  }
}
