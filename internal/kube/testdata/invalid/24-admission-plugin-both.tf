# error: Attribute customization_apiserver[0].admissionplugins[0].disabled: "AlwaysPullImages" is also in enabled
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_apiserver {
    admissionplugins {
      enabled  = ["AlwaysPullImages"]
      disabled = ["AlwaysPullImages"]
    }
  }
}
