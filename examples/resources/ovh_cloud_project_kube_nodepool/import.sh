# A node pool is imported with its project id, its cluster id and its own id, separated by slashes.
terraform import ovh_cloud_project_kube_nodepool.pool xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f/7c0e9a4b-2f1d-4e3c-8b5a-6d7e8f9a0b1c
