# error: Attribute customization_kube_proxy[0].ipvs[0].udp_timeout: "P1Y" is not a valid duration: year and month parts are not allowed
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      udp_timeout = "P1Y"
    }
  }
}
