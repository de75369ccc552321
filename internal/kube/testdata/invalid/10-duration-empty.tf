# error: Attribute customization_kube_proxy[0].ipvs[0].udp_timeout: "" is not a valid duration: it is empty.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      udp_timeout = ""
    }
  }
}
