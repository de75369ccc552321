# error: "PodSecurity" is not an allowed value. Allowed values: "AlwaysPullImages", "NodeRestriction".
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization_apiserver {
    admissionplugins {
      enabled = ["PodSecurity"]
    }
  }
}
