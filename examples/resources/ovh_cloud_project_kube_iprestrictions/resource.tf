# Only the office network, one VPN gateway and an IPv6 range can reach the
# cluster's API server. A bare address is the block of that one address: the
# API stores "198.51.100.7" as "198.51.100.7/32", and plans show no change.
resource "ovh_cloud_project_kube_iprestrictions" "office" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  ips = [
    "203.0.113.0/24",
    "198.51.100.7",
    "2001:db8:1234::/48",
  ]
}
