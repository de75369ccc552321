# error: Attribute customization_kube_proxy[0].ipvs[0].min_sync_period: "PT1M" is longer than sync_period "PT30S".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      min_sync_period = "PT1M"
      sync_period     = "PT30S"
    }
  }
}
