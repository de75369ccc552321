# A pool of three b3-8 nodes. Every node carries the labels and the taint below,
# besides the label nodepool=pool-1 that the API sets itself.
resource "ovh_cloud_project_kube_nodepool" "pool" {
  service_name  = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id       = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  name          = "pool-1"
  flavor_name   = "b3-8"
  desired_nodes = 3
  min_nodes     = 1
  max_nodes     = 5

  template {
    metadata {
      labels = {
        "example.com/role" = "backend"
        environment        = "production"
      }
    }
    spec {
      taints = [
        {
          key    = "dedicated"
          value  = "backend"
          effect = "NoSchedule"
        },
      ]
    }
  }
}
