# error: Attribute ips: "2001:db8::/129" is not a valid IP block: the prefix length after / must be a number from 0 to 128 for an IPv6 address. For example: "203.0.113.0/24", "2001:db8::/32" or "198.51.100.7".
resource "ovh_cloud_project_kube_iprestrictions" "r" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  ips          = ["2001:db8::/129"]
}
