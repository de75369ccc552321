# warning: Attribute customization_cilium[0].hubble[0].ui[0].backend_resources[0].limits[0].cpu: "lots" is not a Kubernetes quantity: a number with an optional suffix (m, k, M, G, Ki, Mi, Gi...). For example: cpu = "500m". The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube" "c" {
  service_name = "0123456789abcdef0123456789abcdef"
  region       = "GRA11"
  plan         = "standard"
  customization_cilium {
    hubble {
      ui {
        backend_resources {
          limits {
            cpu = "lots"
          }
        }
      }
    }
  }
}
