# error: Attribute customization_kube_proxy[0].iptables[0].min_sync_period: "1m" is not a valid duration: it is not an ISO 8601 duration.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    iptables {
      min_sync_period = "1m"
    }
  }
}
