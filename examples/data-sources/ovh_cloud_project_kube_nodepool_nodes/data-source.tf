data "ovh_cloud_project_kube_nodepool_nodes" "pool" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  name         = "pool-1"
}

output "instance_ids" {
  value = data.ovh_cloud_project_kube_nodepool_nodes.pool.nodes[*].instance_id
}
