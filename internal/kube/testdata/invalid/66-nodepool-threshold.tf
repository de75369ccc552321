# error: Attribute autoscaling_scale_down_utilization_threshold value must be between 0.000000 and 1.000000, got: 1.500000
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = "0123456789abcdef0123456789abcdef"
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  flavor_name  = "b3-8"
  autoscaling_scale_down_utilization_threshold = 1.5
}
