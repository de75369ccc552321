data "ovh_cloud_project_kube" "existing" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
}

output "kube_proxy_mode" {
  value = data.ovh_cloud_project_kube.existing.kube_proxy_mode
}
