# warning: Attribute ips: "10.0.0.1/8" has host bits set: the block it covers is written "10.0.0.0/8". Write "10.0.0.0/8" for the block, or "10.0.0.1" for the single address. The API's published schema does not refuse it, so it is sent as written: the API may refuse it at apply.
resource "ovh_cloud_project_kube_iprestrictions" "r" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  ips          = ["10.0.0.1/8"]
}
