# The cluster autoscaler sizes this pool between 1 and 10 nodes. It moves
# desired_nodes as the load changes; plans do not show those moves, and only a
# change of desired_nodes in this file is applied.
resource "ovh_cloud_project_kube_nodepool" "autoscaled" {
  service_name  = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  kube_id       = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
  name          = "autoscaled"
  flavor_name   = "b3-16"
  autoscale     = true
  desired_nodes = 2
  min_nodes     = 1
  max_nodes     = 10

  # Remove a node after 5 minutes below half of its capacity (API defaults:
  # 600 seconds, 1200 seconds and 0.5).
  autoscaling_scale_down_unneeded_time_seconds = 300
  autoscaling_scale_down_unready_time_seconds  = 1200
  autoscaling_scale_down_utilization_threshold = 0.5
}
