# error: Attribute customization_kube_proxy[0].iptables[0].sync_period: "P1M" is not a valid duration: year and month parts are not allowed
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    iptables {
      sync_period = "P1M"
    }
  }
}
