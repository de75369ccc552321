data "ovh_cloud_project_kube_nodes" "all" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
}

output "outdated_nodes" {
  value = [for n in data.ovh_cloud_project_kube_nodes.all.nodes : n.name if !n.is_up_to_date]
}
