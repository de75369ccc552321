# error: Attribute customization_kube_proxy[0].ipvs[0].scheduler: "wrr" is not an allowed value. Allowed values: "rr", "lc", "dh", "sh", "sed", "nq".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_kube_proxy {
    ipvs {
      scheduler = "wrr"
    }
  }
}
