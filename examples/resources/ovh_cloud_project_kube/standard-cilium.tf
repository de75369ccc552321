# A Standard-plan cluster runs Cilium, which replaces kube-proxy: it has no
# kube_proxy_mode and no customization_kube_proxy. Hubble records the network
# flows, its relay gathers them from every node and its UI shows them; the UI's
# two containers get explicit requests and limits. ClusterMesh connects the pods
# of this cluster to those of other clusters, each with its own cluster_id.
resource "ovh_cloud_project_kube" "standard" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "standard-cilium"
  region       = "EU-WEST-PAR"
  plan         = "standard"

  customization_cilium {
    cluster_id = 1

    cluster_mesh {
      enabled = true
      api_server {
        service_type = "LoadBalancer"
      }
    }

    hubble {
      enabled = true

      relay {
        enabled = true
      }

      ui {
        enabled = true

        backend_resources {
          requests {
            cpu    = "50m"
            memory = "64Mi"
          }
          limits {
            cpu    = "500m"
            memory = "512Mi"
          }
        }

        frontend_resources {
          requests {
            cpu    = "10m"
            memory = "32Mi"
          }
          limits {
            cpu    = "200m"
            memory = "128Mi"
          }
        }
      }
    }
  }

  # The API server's admission plugins apply to both plans.
  customization_apiserver {
    admissionplugins {
      enabled  = ["AlwaysPullImages", "NodeRestriction"]
      disabled = []
    }
  }
}
