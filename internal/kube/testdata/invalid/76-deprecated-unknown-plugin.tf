# error: Attribute customization[0].apiserver[0].admissionplugins[0].enabled[0]: "PodSecurity" is not an allowed value. Allowed values: "AlwaysPullImages", "NodeRestriction". For example: enabled = ["AlwaysPullImages"].
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization {
    apiserver {
      admissionplugins {
        enabled = ["PodSecurity"]
      }
    }
  }
}
