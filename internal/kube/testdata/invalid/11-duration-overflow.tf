# error: Attribute customization_kube_proxy[0].ipvs[0].sync_period: "PT9999999999999H" is not a valid duration: it is too large.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      sync_period = "PT9999999999999H"
    }
  }
}
