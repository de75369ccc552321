# error: Attribute customization_kube_proxy[0].ipvs[0].tcp_timeout: "P" is not a valid duration
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      tcp_timeout = "P"
    }
  }
}
