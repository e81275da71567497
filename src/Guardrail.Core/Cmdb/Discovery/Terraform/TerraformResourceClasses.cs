using System.Collections.Frozen;

namespace Guardrail.Core.Cmdb.Discovery.Terraform;

/// <summary>
/// Which CI class a Terraform resource type is. Types are listed one by one rather than matched by prefix so that
/// the resources around a database or queue (<c>google_pubsub_topic_iam_member</c>, <c>azurerm_mssql_firewall_rule</c>,
/// <c>aws_sqs_queue_policy</c>) stay plain cloud resources. Everything not listed is <see cref="CiClass.CloudResource"/>.
/// </summary>
internal static class TerraformResourceClasses
{
    private static readonly FrozenDictionary<string, CiClass> _classes = new Dictionary<string, CiClass>
    {
        ["aws_db_instance"] = CiClass.Database,
        ["aws_rds_cluster"] = CiClass.Database,
        ["aws_rds_cluster_instance"] = CiClass.Database,
        ["aws_dynamodb_table"] = CiClass.Database,
        ["aws_docdb_cluster"] = CiClass.Database,
        ["aws_neptune_cluster"] = CiClass.Database,
        ["aws_redshift_cluster"] = CiClass.Database,
        ["aws_elasticache_cluster"] = CiClass.Database,
        ["aws_elasticache_replication_group"] = CiClass.Database,
        ["google_sql_database_instance"] = CiClass.Database,
        ["google_sql_database"] = CiClass.Database,
        ["google_spanner_instance"] = CiClass.Database,
        ["google_bigtable_instance"] = CiClass.Database,
        ["google_redis_instance"] = CiClass.Database,
        ["google_firestore_database"] = CiClass.Database,
        ["azurerm_sql_server"] = CiClass.Database,
        ["azurerm_sql_database"] = CiClass.Database,
        ["azurerm_mssql_server"] = CiClass.Database,
        ["azurerm_mssql_database"] = CiClass.Database,
        ["azurerm_mssql_managed_instance"] = CiClass.Database,
        ["azurerm_postgresql_server"] = CiClass.Database,
        ["azurerm_postgresql_flexible_server"] = CiClass.Database,
        ["azurerm_mysql_server"] = CiClass.Database,
        ["azurerm_mysql_flexible_server"] = CiClass.Database,
        ["azurerm_mariadb_server"] = CiClass.Database,
        ["azurerm_cosmosdb_account"] = CiClass.Database,
        ["azurerm_redis_cache"] = CiClass.Database,

        // A topic is a Queue: services publish to it and other services consume from it, which is the dependency a
        // CMDB needs to see. Subscriptions to SNS topics are wiring (CloudResource); Pub/Sub and Service Bus
        // subscriptions hold messages themselves, so they are queues.
        ["aws_sqs_queue"] = CiClass.Queue,
        ["aws_sns_topic"] = CiClass.Queue,
        ["aws_kinesis_stream"] = CiClass.Queue,
        ["aws_mq_broker"] = CiClass.Queue,
        ["aws_msk_cluster"] = CiClass.Queue,
        ["google_pubsub_topic"] = CiClass.Queue,
        ["google_pubsub_subscription"] = CiClass.Queue,
        ["google_pubsub_lite_topic"] = CiClass.Queue,
        ["google_pubsub_lite_subscription"] = CiClass.Queue,
        ["azurerm_servicebus_namespace"] = CiClass.Queue,
        ["azurerm_servicebus_queue"] = CiClass.Queue,
        ["azurerm_servicebus_topic"] = CiClass.Queue,
        ["azurerm_servicebus_subscription"] = CiClass.Queue,
        ["azurerm_eventhub_namespace"] = CiClass.Queue,
        ["azurerm_eventhub"] = CiClass.Queue,
        ["azurerm_storage_queue"] = CiClass.Queue,

        ["aws_eks_cluster"] = CiClass.Cluster,
        ["aws_ecs_cluster"] = CiClass.Cluster,
        ["google_container_cluster"] = CiClass.Cluster,
        ["azurerm_kubernetes_cluster"] = CiClass.Cluster,
        ["digitalocean_kubernetes_cluster"] = CiClass.Cluster,
        ["scaleway_k8s_cluster"] = CiClass.Cluster,
        ["scaleway_k8s_cluster_beta"] = CiClass.Cluster,

        ["kubernetes_namespace"] = CiClass.Namespace,
        ["kubernetes_namespace_v1"] = CiClass.Namespace,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static CiClass Of(string resourceType) => _classes.GetValueOrDefault(resourceType, CiClass.CloudResource);
}
