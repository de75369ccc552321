# error: customization (deprecated) and customization_apiserver both set the API server's admission plugins; use only customization_apiserver. Move the content of customization { apiserver { ... } } into customization_apiserver { ... }.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  customization {
    apiserver {
      admissionplugins {
        enabled = ["NodeRestriction"]
      }
    }
  }
  customization_apiserver {
    admissionplugins {
      enabled = ["NodeRestriction"]
    }
  }
}
