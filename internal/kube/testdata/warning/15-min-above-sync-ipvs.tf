# warning: Attribute customization_kube_proxy[0].ipvs[0].min_sync_period: "PT1M" is longer than sync_period "PT30S". kube-proxy requires min_sync_period <= sync_period: the minimum time between two re-syncs cannot exceed the full refresh period. For example: min_sync_period = "PT1S" with sync_period = "PT30S". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
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
