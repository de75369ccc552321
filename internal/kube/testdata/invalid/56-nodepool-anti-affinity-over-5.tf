# error: Attribute desired_nodes: 6 nodes, but a pool with anti_affinity = true holds at most 5 nodes (one per hypervisor). Lower desired_nodes to 5 or less, or split the nodes over several pools.
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  flavor_name  = "b3-8"
  anti_affinity = true
  desired_nodes = 6
}
