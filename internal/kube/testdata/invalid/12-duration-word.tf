# error: Attribute customization_kube_proxy[0].iptables[0].sync_period: "thirty seconds" is not a valid duration
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    iptables {
      sync_period = "thirty seconds"
    }
  }
}
