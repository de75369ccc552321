# Nodes on a private network (vRack), with egress through a gateway of that network.
resource "ovh_cloud_project_kube" "private" {
  service_name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  name         = "private"
  region       = "GRA11"

  private_network_id       = "3f8a4a6e-5d61-4c7b-9e3a-1b2c3d4e5f60"
  nodes_subnet_id          = "2e7b05c6-7a51-4f3b-95a3-0a2f8d5c7e11"
  load_balancers_subnet_id = "7c1f3a2b-9d84-4e6f-8a5b-3c2d1e0f9a87"

  private_network_configuration {
    default_vrack_gateway              = "10.0.0.1"
    private_network_routing_as_default = true
  }

  ip_allocation_policy {
    pods_ipv4_cidr     = "10.240.0.0/13"
    services_ipv4_cidr = "10.3.0.0/16"
  }
}
