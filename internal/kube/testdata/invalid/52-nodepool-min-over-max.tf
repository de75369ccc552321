# error: Attribute min_nodes: 3 is greater than max_nodes 2. For example: min_nodes = 1 with max_nodes = 3.
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  flavor_name  = "b3-8"
  min_nodes    = 3
  max_nodes    = 2
}
