data "ovh_cloud_project_kube_iprestrictions" "api" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
}

# The blocks as the API stores them (a bare address as its /32 or /128 form);
# an empty set when the API server accepts every address.
output "api_server_allowed_ips" {
  value = data.ovh_cloud_project_kube_iprestrictions.api.ips
}
