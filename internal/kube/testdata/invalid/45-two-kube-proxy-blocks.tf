# error: Attribute customization_kube_proxy list must contain at most 1 elements, got: 2
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
  }
  customization_kube_proxy {
  }
}
