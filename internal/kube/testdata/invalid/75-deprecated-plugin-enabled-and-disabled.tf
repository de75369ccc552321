# error: Attribute customization[0].apiserver[0].admissionplugins[0].disabled: "NodeRestriction" is also in enabled; a plugin is either enabled or disabled.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization {
    apiserver {
      admissionplugins {
        enabled  = ["NodeRestriction"]
        disabled = ["NodeRestriction"]
      }
    }
  }
}
