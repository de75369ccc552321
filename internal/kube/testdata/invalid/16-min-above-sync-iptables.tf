# error: Attribute customization_kube_proxy[0].iptables[0].min_sync_period: "PT2M" is longer than sync_period "PT1M".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    iptables {
      min_sync_period = "PT2M"
      sync_period     = "PT1M"
    }
  }
}
