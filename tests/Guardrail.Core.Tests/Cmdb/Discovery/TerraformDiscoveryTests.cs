using Guardrail.Server.Tests.Support;
using System.Text;
using System.Text.Json;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Cmdb.Discovery.Terraform;

namespace Guardrail.Core.Tests.Cmdb.Discovery;

public class TerraformDiscoveryTests
{
    private static readonly TerraformDiscoveryOptions _options = new();

    [Fact]
    public void Multi_module_state_gives_module_scopes_and_dependencies_across_modules()
    {
        var result = DiscoverCorpus("inframap/multi_module_state.json");

        Assert.Equal("terraform", result.Source);
        Assert.Equal(
            [
                "tf:default/module.kapsule.scaleway_k8s_cluster_beta.cluster",
                "tf:default/module.node_pool.scaleway_k8s_pool_beta.nodes",
                "tf:default/scaleway_instance_placement_group.infra",
            ],
            result.Items.Select(ci => ci.Key));
        Assert.Equal(["module.kapsule", "module.node_pool", ""], result.Items.Select(ci => ci.Scope));
        Assert.Equal(
            [CiClass.Cluster, CiClass.CloudResource, CiClass.CloudResource], result.Items.Select(ci => ci.Class));
        Assert.Equal(
            [
                ("module.node_pool.scaleway_k8s_pool_beta.nodes", "module.kapsule.scaleway_k8s_cluster_beta.cluster"),
                ("module.node_pool.scaleway_k8s_pool_beta.nodes", "scaleway_instance_placement_group.infra"),
            ],
            Edges(result));
        Assert.Empty(result.Unresolved);
        Assert.Empty(result.Warnings);
        Assert.Empty(result.Links);

        var cluster = result.Items[0];
        Assert.Equal("module.kapsule.scaleway_k8s_cluster_beta.cluster", cluster.Name);
        Assert.Equal("scaleway", (string?)cluster.Attributes["provider"]);
        Assert.Equal("registry.terraform.io/scaleway/scaleway", (string?)cluster.Attributes["providerSource"]);
        Assert.Equal("scaleway_k8s_cluster_beta", (string?)cluster.Attributes["type"]);
        Assert.Equal("module.kapsule", (string?)cluster.Attributes["module"]);
        Assert.Equal("managed", (string?)cluster.Attributes["mode"]);
        Assert.Equal("kubernetes", (string?)cluster.Attributes["values"]!["name"]);
        Assert.Equal("2", (string?)cluster.Attributes["values"]!["id"]);
    }

    [Fact]
    public void Repeated_modules_keep_module_and_resource_instance_keys_and_expand_dependencies_to_every_instance()
    {
        var result = DiscoverCorpus("inframap/repeated_modules.json");

        Assert.Equal(16, result.Items.Count);
        var ubuntu = Assert.Single(result.Items, ci => ci.Key == "tf:default/module.ec2_ubuntu_a[1].aws_instance.this[0]");
        Assert.Equal("module.ec2_ubuntu_a[1]", ubuntu.Scope);
        Assert.Equal("module.ec2_ubuntu_a[1].aws_instance.this[0]", ubuntu.Name);
        Assert.Equal(0, (int?)ubuntu.Attributes["indexKey"]);
        Assert.Equal(
            "module.ec2_openvpn.module.bastion_sg",
            Assert.Single(result.Items, ci => ci.Key == "tf:default/module.ec2_openvpn.module.bastion_sg.aws_security_group.this_name_prefix[0]").Scope);

        const string allSg = "module.all_sg.aws_security_group.this_name_prefix[0]";
        const string bastionSg = "module.ec2_openvpn.module.bastion_sg.aws_security_group.this_name_prefix[0]";
        Assert.Equal(
            [
                ("module.all_sg.aws_security_group_rule.egress_rules[0]", allSg),
                ("module.all_sg.aws_security_group_rule.ingress_rules[0]", allSg),
                ("module.ec2_openvpn.module.bastion_sg.aws_security_group_rule.egress_rules[0]", bastionSg),
                ("module.ec2_openvpn.module.bastion_sg.aws_security_group_rule.ingress_rules[0]", bastionSg),
                ("module.ec2_openvpn.module.ec2_bastion.aws_instance.this[0]", bastionSg),
                ("module.ec2_redhat_a.aws_instance.this[0]", allSg),
                ("module.ec2_redhat_b.aws_instance.this[0]", allSg),
                ("module.ec2_ubuntu_a[0].aws_instance.this[0]", allSg),
                ("module.ec2_ubuntu_a[1].aws_instance.this[0]", allSg),
                ("module.ec2_ubuntu_b[0].aws_instance.this[0]", allSg),
                ("module.ec2_ubuntu_b[1].aws_instance.this[0]", allSg),
                ("module.vpc.aws_nat_gateway.this[0]", "module.vpc.aws_eip.nat[0]"),
                ("module.vpc.aws_nat_gateway.this[0]", "module.vpc.aws_internet_gateway.this[0]"),
            ],
            Edges(result));

        // The file is pruned: the VPC, subnets, key pair and several security groups it depends on are not in it.
        Assert.Equal(57, result.Unresolved.Count);
        Assert.Equal(
            [
                "aws_key_pair.key_pair",
                "module.all_sg.aws_security_group.this",
                "module.ec2_openvpn.module.bastion_sg.aws_security_group.this",
                "module.vpc.aws_subnet.private",
                "module.vpc.aws_subnet.public",
                "module.vpc.aws_vpc.this",
                "module.vpc.aws_vpc_ipv4_cidr_block_association.this",
                "tls_private_key.private_key",
            ],
            result.Unresolved.Select(u => u.Reference).Distinct().Order(StringComparer.Ordinal));
        Assert.All(result.Unresolved, u => Assert.Contains("not in the state", u.Reason, StringComparison.Ordinal));
        Assert.Contains(
            new UnresolvedReference("tf:default/module.vpc.aws_internet_gateway.this[0]", "module.vpc.aws_vpc.this", result.Unresolved[0].Reason),
            result.Unresolved);
    }

    [Fact]
    public void The_inframap_cyclic_state_has_no_cycle_among_its_recorded_dependencies()
    {
        // inframap draws a cycle from the security groups' ingress rules (attribute values), not from `dependencies`:
        // every dependency there points from an instance or rule to a security group, and security groups depend on nothing.
        var result = DiscoverCorpus("inframap/aws_state_cyclic.json");

        Assert.Equal(19, result.Items.Count);
        Assert.Equal(20, result.Relationships.Count);
        Assert.All(result.Relationships, r => Assert.StartsWith("tf:default/aws_security_group.", r.ToKey, StringComparison.Ordinal));
        Assert.Empty(result.Unresolved);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_dependency_cycle_is_recorded_with_one_warning_naming_it()
    {
        var state = State(
            Resource("aws_security_group", "a", dependencies: ["aws_security_group.b"]),
            Resource("aws_security_group", "b", dependencies: ["aws_security_group.c"]),
            Resource("aws_security_group", "c", dependencies: ["aws_security_group.a"]),
            Resource("aws_instance", "web", dependencies: ["aws_security_group.a"]));

        var result = Discover(state);

        Assert.Equal(4, result.Relationships.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("test.tfstate", warning.Document);
        Assert.Equal(
            "dependency cycle: tf:default/aws_security_group.a -> tf:default/aws_security_group.b -> "
            + "tf:default/aws_security_group.c -> tf:default/aws_security_group.a",
            warning.Message);
    }

    [Fact]
    public void Driftctl_s3_state_links_bucket_configurations_to_their_buckets_and_leaves_the_missing_lambdas_unresolved()
    {
        var result = DiscoverCorpus("driftctl/aws_s3_full.tfstate");

        Assert.Equal(26, result.Items.Count);
        Assert.Equal(23, result.Relationships.Count);
        Assert.All(result.Items, ci => Assert.Equal(CiClass.CloudResource, ci.Class));
        Assert.Contains(
            ("aws_s3_bucket_policy.bucket2_policy", "aws_s3_bucket.bucket2"), Edges(result));
        Assert.Equal(
            [
                ("tf:default/aws_s3_bucket_notification.bucket_notification", "aws_lambda_function.func1"),
                ("tf:default/aws_s3_bucket_notification.bucket_notification", "aws_lambda_function.func2"),
                ("tf:default/aws_s3_bucket_notification.bucket_notification3", "aws_iam_role.iam_for_lambda"),
                ("tf:default/aws_s3_bucket_notification.bucket_notification3", "aws_lambda_function.func1"),
                ("tf:default/aws_s3_bucket_notification.bucket_notification3", "aws_lambda_function.func2"),
            ],
            result.Unresolved.Select(u => (u.FromKey, u.Reference)));

        // A Terraform 0.12 state names its provider the legacy way, "provider.aws", without a registry source.
        var bucket = result.Items.Single(ci => ci.Key == "tf:default/aws_s3_bucket.bucket");
        Assert.Equal("aws", (string?)bucket.Attributes["provider"]);
        Assert.Null(bucket.Attributes["providerSource"]);
        Assert.Equal("arn:aws:s3:::bucket-martin-test-drift", (string?)bucket.Attributes["values"]!["arn"]);
    }

    [Fact]
    public void Driftctl_cloud_sql_instance_is_a_database()
    {
        var ci = Assert.Single(DiscoverCorpus("driftctl/google_sql_database_instance.tfstate").Items);

        Assert.Equal("tf:default/google_sql_database_instance.instance", ci.Key);
        Assert.Equal(CiClass.Database, ci.Class);
        Assert.Equal("google", (string?)ci.Attributes["provider"]);
        Assert.Equal("registry.terraform.io/hashicorp/google", (string?)ci.Attributes["providerSource"]);
        Assert.Equal("my-database-instance", (string?)ci.Attributes["values"]!["name"]);
        Assert.Equal("us-central1", (string?)ci.Attributes["values"]!["region"]);
    }

    [Fact]
    public void Driftctl_route53_records_with_count_are_one_ci_per_instance_each_depending_on_every_zone_instance()
    {
        var result = DiscoverCorpus("driftctl/aws_route53_record_multiples.tfstate");

        Assert.Equal(
            [
                "tf:default/aws_route53_record.ns",
                "tf:default/aws_route53_record.test2[0]",
                "tf:default/aws_route53_record.test2[1]",
                "tf:default/aws_route53_record.test2[2]",
                "tf:default/aws_route53_record.test2[3]",
                "tf:default/aws_route53_record.test[0]",
                "tf:default/aws_route53_record.test[1]",
                "tf:default/aws_route53_record.test[2]",
                "tf:default/aws_route53_record.test[3]",
                "tf:default/aws_route53_zone.foobar[0]",
                "tf:default/aws_route53_zone.foobar[1]",
            ],
            result.Items.Select(ci => ci.Key));
        Assert.Equal(18, result.Relationships.Count);
        Assert.Equal(
            ["tf:default/aws_route53_zone.foobar[0]", "tf:default/aws_route53_zone.foobar[1]"],
            result.Relationships.Where(r => r.FromKey == "tf:default/aws_route53_record.test[2]").Select(r => r.ToKey));
        Assert.Equal(
            "dependencies of aws_route53_record.test[2]: aws_route53_zone.foobar",
            result.Relationships.First(r => r.FromKey == "tf:default/aws_route53_record.test[2]").Evidence);
        Assert.Empty(result.Unresolved);
    }

    [Fact]
    public void Data_sources_are_not_cis_and_a_dependency_on_a_missing_resource_is_unresolved()
    {
        var result = DiscoverCorpus("driftctl/aws_lb_listener.tfstate");

        Assert.Equal(6, result.Items.Count);
        Assert.DoesNotContain(result.Items, ci => ci.Key.Contains("azurerm_resource_group", StringComparison.Ordinal));
        Assert.Equal(6, result.Relationships.Count);
        Assert.Equal(["aws_subnet.main-2", "aws_vpc.main"], result.Unresolved.Select(u => u.Reference).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_state_as_show_json_and_as_a_raw_state_gives_the_same_cis()
    {
        foreach (var folder in new[] { "modules", "basic" })
        {
            var fromShow = DiscoverCorpus($"opentofu-show-json/show-json-state/{folder}/output.json");
            var fromState = DiscoverCorpus($"opentofu-show-json/show-json-state/{folder}/terraform.tfstate");

            Assert.Equal(2, fromShow.Items.Count);
            Assert.Equal(fromState.Items.Select(Summary), fromShow.Items.Select(Summary));
        }
        Assert.Equal(
            ["tf:default/module.module_test_bar.test_instance.example", "tf:default/module.module_test_foo.test_instance.example[0]"],
            DiscoverCorpus("opentofu-show-json/show-json-state/modules/output.json").Items.Select(ci => ci.Key));

        static string Summary(DiscoveredCi ci) =>
            $"{ci.Key} {ci.Class} {ci.Name} {ci.Scope} {ci.Attributes["provider"]} {ci.Attributes["providerSource"]} {ci.Attributes["indexKey"]}";
    }

    [Fact]
    public void Show_json_with_string_instance_keys_writes_them_as_terraform_does()
    {
        var result = DiscoverCorpus("terraform-json/has_checks/state.json");

        Assert.Equal(
            ["tf:default/module.files.local_file.foo[\"file1.txt\"]", "tf:default/module.files.local_file.foo[\"file2.txt\"]"],
            result.Items.Select(ci => ci.Key));
        Assert.All(result.Items, ci => Assert.Equal("module.files", ci.Scope));
        Assert.Equal("file1.txt", (string?)result.Items[0].Attributes["indexKey"]);
    }

    [Fact]
    public void Raw_state_string_instance_keys_are_quoted_like_terraform_addresses()
    {
        var state = State(Resource("aws_subnet", "private", module: "module.vpc", indexKeys: ["a", "b\"c"]));

        Assert.Equal(
            ["tf:default/module.vpc.aws_subnet.private[\"a\"]", "tf:default/module.vpc.aws_subnet.private[\"b\\\"c\"]"],
            Discover(state).Items.Select(ci => ci.Key));
    }

    [Theory]
    [InlineData("provider[\"registry.terraform.io/hashicorp/aws\"]", "aws", "registry.terraform.io/hashicorp/aws", null)]
    [InlineData("provider[\"registry.terraform.io/hashicorp/aws\"].west", "aws", "registry.terraform.io/hashicorp/aws", "west")]
    [InlineData("module.provider.provider[\"example.com/acme/thing\"]", "thing", "example.com/acme/thing", null)]
    [InlineData("provider.google.europe", "google", null, "europe")]
    [InlineData("module.provider.provider.aws", "aws", null, null)]
    public void The_provider_is_read_from_modern_and_legacy_state_addresses(string address, string name, string? source, string? alias)
    {
        var ci = Assert.Single(Discover(State(Resource("x_thing", "t", provider: address))).Items);

        Assert.Equal(name, (string?)ci.Attributes["provider"]);
        Assert.Equal(source, (string?)ci.Attributes["providerSource"]);
        Assert.Equal(alias, (string?)ci.Attributes["providerAlias"]);
    }

    [Fact]
    public void Flat_attributes_of_a_state_upgraded_from_terraform_0_11_are_curated_too()
    {
        var state = """
            {"version": 4, "resources": [{"mode": "managed", "type": "aws_sns_topic", "name": "events", "provider": "provider.aws",
              "instances": [{"attributes_flat": {"id": "arn:aws:sns:eu-west-1:1:events", "name": "events", "tags.%": "0", "policy": "{}"}}]}]}
            """;

        var ci = Assert.Single(Discover(state).Items);

        Assert.Equal(CiClass.Queue, ci.Class);
        Assert.Equal(["id", "name"], ci.Attributes["values"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Show_json_state_keeps_depends_on_and_only_curated_attributes()
    {
        var result = DiscoverCorpus("terraform-json/110_sensitive_values/state.json");

        Assert.Equal(
            [
                "tf:default/module.foo.null_resource.aliased",
                "tf:default/module.foo.null_resource.foo",
                "tf:default/null_resource.bar",
                "tf:default/null_resource.baz[0]",
                "tf:default/null_resource.baz[1]",
                "tf:default/null_resource.baz[2]",
                "tf:default/null_resource.foo",
            ],
            result.Items.Select(ci => ci.Key));
        Assert.Equal(
            [
                ("null_resource.bar", "null_resource.foo"),
                ("null_resource.baz[0]", "null_resource.foo"),
                ("null_resource.baz[1]", "null_resource.foo"),
                ("null_resource.baz[2]", "null_resource.foo"),
            ],
            Edges(result));
        // Outputs (the sensitive one among them) are not read, and of the values only the id is in the curated set.
        Assert.All(result.Items, ci => Assert.Equal(["id"], ci.Attributes["values"]!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public void Attributes_marked_sensitive_are_never_copied_from_either_format()
    {
        var state = """
            {"version": 4, "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main",
              "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
              "instances": [{"attributes": {"id": "db-1", "name": "s3cr3t-name", "tags": {"owner": "t0p-secret"}, "region": "eu-west-1"},
                "sensitive_attributes": [[{"type": "get_attr", "value": "name"}], [{"type": "get_attr", "value": "tags"}, {"type": "index", "value": {"value": "owner", "type": "string"}}]]}]}]}
            """;
        var show = """
            {"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "aws_db_instance.main", "mode": "managed",
              "type": "aws_db_instance", "name": "main", "provider_name": "registry.terraform.io/hashicorp/aws",
              "values": {"id": "db-1", "name": "s3cr3t-name", "tags": {"owner": "t0p-secret"}, "region": "eu-west-1"},
              "sensitive_values": {"name": true, "tags": {"owner": true}}}]}}}
            """;

        foreach (var document in new[] { state, show })
        {
            var ci = Assert.Single(Discover(document).Items);
            Assert.Equal(CiClass.Database, ci.Class);
            var json = ci.Attributes.ToJsonString();
            Assert.DoesNotContain("s3cr3t", json, StringComparison.Ordinal);
            Assert.DoesNotContain("t0p-secret", json, StringComparison.Ordinal);
            Assert.Equal(["id", "region"], ci.Attributes["values"]!.AsObject().Select(p => p.Key));
        }
    }

    [Fact]
    public void Sensitive_attribute_paths_of_an_unknown_shape_hide_every_attribute()
    {
        var state = """
            {"version": 4, "resources": [{"mode": "managed", "type": "aws_sqs_queue", "name": "q", "provider": "provider.aws",
              "instances": [{"attributes": {"id": "q-1", "name": "orders"}, "sensitive_attributes": ["name"]}]}]}
            """;

        var ci = Assert.Single(Discover(state).Items);

        Assert.Equal(CiClass.Queue, ci.Class);
        Assert.Empty(ci.Attributes["values"]!.AsObject());
    }

    [Fact]
    public void A_plan_is_read_from_its_prior_state()
    {
        var result = DiscoverCorpus("opentofu-show-json/show-json/multi-resource-update/output.json");

        // planned_values has test_instance.test[1] too, but it does not exist until the plan is applied.
        Assert.Equal(["tf:default/test_instance.test[0]"], result.Items.Select(ci => ci.Key));
        Assert.Empty(result.Warnings);

        var withDependency = DiscoverCorpus("terraform-json/config_resource_depends_on/plan.json");
        Assert.Equal([("null_resource.bar", "null_resource.foo")], Edges(withDependency));
        Assert.Equal("null", (string?)withDependency.Items[0].Attributes["provider"]);
    }

    [Fact]
    public void A_plan_without_a_prior_state_is_read_from_its_planned_values_with_a_warning()
    {
        var result = DiscoverCorpus("terraform-json/013_module_depends_on/plan.json");

        Assert.Equal(["tf:default/module.foo.null_resource.resource", "tf:default/null_resource.bar"], result.Items.Select(ci => ci.Key));
        Assert.Contains("planned_values", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_dependency_is_unresolved_and_a_data_source_dependency_is_ignored()
    {
        var state = State(
            Resource("aws_instance", "web", dependencies: ["aws_security_group.gone", "data.aws_ami.ubuntu", "module.net.data.aws_vpc.this"]),
            Resource("aws_ami", "ubuntu", mode: "data"));

        var result = Discover(state);

        Assert.Equal(["tf:default/aws_instance.web"], result.Items.Select(ci => ci.Key));
        Assert.Empty(result.Relationships);
        var unresolved = Assert.Single(result.Unresolved);
        Assert.Equal("tf:default/aws_instance.web", unresolved.FromKey);
        Assert.Equal("aws_security_group.gone", unresolved.Reference);
        Assert.Contains("not in the state", unresolved.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workspace_is_part_of_the_lower_case_key()
    {
        var result = TerraformDiscovery.Discover(
            [new SourceDocument("s.tfstate", State(Resource("aws_eks_cluster", "Main")))], new TerraformDiscoveryOptions { Workspace = "Prod" });

        var ci = Assert.Single(result.Items);
        Assert.Equal("tf:prod/aws_eks_cluster.main", ci.Key);
        Assert.Equal("aws_eks_cluster.Main", ci.Name);
        Assert.Equal(CiClass.Cluster, ci.Class);
    }

    [Fact]
    public void A_state_of_another_format_version_is_refused()
    {
        var error = Assert.Throws<DiscoveryException>(() => Discover("""{"version": 3, "modules": []}"""));

        Assert.Equal("test.tfstate", error.Document);
        Assert.Contains("version 3 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("only version 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_json_of_an_unknown_major_format_version_is_refused()
    {
        var error = Assert.Throws<DiscoveryException>(() => Discover("""{"format_version": "2.0", "values": {}}"""));

        Assert.Contains("format_version 2.0 is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_that_is_neither_format_is_refused()
    {
        var error = Assert.Throws<DiscoveryException>(() => Discover("""{"apiVersion": "v1"}"""));

        Assert.Contains("neither a Terraform state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_its_position()
    {
        var error = Assert.Throws<DiscoveryException>(() => Discover("{\n  \"version\": 4,\n  \"resources\": [,]\n}"));

        Assert.Equal("test.tfstate", error.Document);
        Assert.Equal(3, error.Line);
        Assert.Equal(17, error.Column);
        Assert.StartsWith("test.tfstate:3:17: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovering_twice_gives_identical_sorted_results()
    {
        var first = JsonSerializer.Serialize(DiscoverCorpus("inframap/repeated_modules.json"));
        var result = DiscoverCorpus("inframap/repeated_modules.json");

        Assert.Equal(first, JsonSerializer.Serialize(result));
        Assert.Equal(result.Items.Select(ci => ci.Key).Order(StringComparer.Ordinal), result.Items.Select(ci => ci.Key));
    }

    [Fact]
    public void A_stream_gives_the_same_result_as_text()
    {
        var path = CorpusPath("inframap/repeated_modules.json");
        using var stream = File.OpenRead(path);

        var fromStream = TerraformDiscovery.Discover(stream, "repeated_modules.json", _options);

        Assert.Equal(
            JsonSerializer.Serialize(TerraformDiscovery.Discover([new SourceDocument("repeated_modules.json", File.ReadAllText(path))], _options)),
            JsonSerializer.Serialize(fromStream));
    }

    [Fact]
    public void The_same_address_in_two_documents_is_one_ci_and_a_warning()
    {
        var state = State(Resource("aws_instance", "web"));

        var result = TerraformDiscovery.Discover([new SourceDocument("a.tfstate", state), new SourceDocument("b.tfstate", state)], _options);

        Assert.Single(result.Items);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("b.tfstate", warning.Document);
        Assert.Contains("a.tfstate", warning.Message, StringComparison.Ordinal);
    }

    private static DiscoveryResult Discover(string content) =>
        TerraformDiscovery.Discover([new SourceDocument("test.tfstate", content)], _options);

    private static DiscoveryResult DiscoverCorpus(string path) =>
        TerraformDiscovery.Discover([new SourceDocument(path, File.ReadAllText(CorpusPath(path)))], _options);

    /// <summary>Relationships as (from, to) addresses, which reads better than keys in expectations.</summary>
    private static List<(string From, string To)> Edges(DiscoveryResult result)
    {
        Assert.All(result.Relationships, r => Assert.Equal(RelationshipType.DependsOn, r.Type));
        return [.. result.Relationships.Select(r => (Address(r.FromKey), Address(r.ToKey)))];

        static string Address(string key) => key["tf:default/".Length..];
    }

    private static string State(params string[] resources) =>
        $$"""{"version": 4, "terraform_version": "1.5.0", "resources": [{{string.Join(",", resources)}}]}""";

    private static string Resource(
        string type,
        string name,
        string mode = "managed",
        string? module = null,
        string[]? dependencies = null,
        string[]? indexKeys = null,
        string provider = "provider[\"registry.terraform.io/hashicorp/aws\"]")
    {
        var instance = new StringBuilder();
        foreach (var key in indexKeys ?? [null!])
        {
            instance.Append(instance.Length == 0 ? "" : ",").Append('{');
            if (key is not null)
            {
                instance.Append("\"index_key\": ").Append(JsonSerializer.Serialize(key)).Append(',');
            }
            instance.Append("\"attributes\": {\"id\": \"x\"}, \"dependencies\": ").Append(JsonSerializer.Serialize(dependencies ?? [])).Append('}');
        }
        var moduleProperty = module is null ? "" : $"\"module\": \"{module}\",";
        return $$"""{{{moduleProperty}} "mode": "{{mode}}", "type": "{{type}}", "name": "{{name}}", "provider": {{JsonSerializer.Serialize(provider)}}, "instances": [{{instance}}]}""";
    }

    private static string CorpusPath(string relative) => Corpus.PathOf(Path.Combine("terraform", relative));
}
