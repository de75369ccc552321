# error: Attribute customization_kube_proxy[0].ipvs[0].sync_period: "30s" is not a valid duration: it is not an ISO 8601 duration. Use an ISO 8601 duration such as "PT30S"
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      sync_period = "30s"
    }
  }
}
