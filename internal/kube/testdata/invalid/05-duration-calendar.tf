# error: Attribute customization_kube_proxy[0].ipvs[0].tcp_fin_timeout: "P1Y2M3D" is not a valid duration: year and month parts
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      tcp_fin_timeout = "P1Y2M3D"
    }
  }
}
