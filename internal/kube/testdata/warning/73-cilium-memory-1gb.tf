# warning: Attribute customization_cilium[0].hubble[0].ui[0].frontend_resources[0].requests[0].memory: "1GB!" is not a Kubernetes quantity: a number with an optional suffix (m, k, M, G, Ki, Mi, Gi...). For example: memory = "512Mi". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan         = "standard"
  customization_cilium {
    hubble {
      ui {
        frontend_resources {
          requests {
            memory = "1GB!"
          }
        }
      }
    }
  }
}
