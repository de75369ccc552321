# A log subscription is imported with its project id, its cluster id and its subscription id, separated by slashes.
terraform import ovh_cloud_project_kube_log_subscription.audit xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f/3d1c9e55-2f4b-4a6d-8e0f-1a2b3c4d5e6f
