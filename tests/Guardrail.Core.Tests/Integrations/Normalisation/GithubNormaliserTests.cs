using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Normalisation.Github;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

public class GithubNormaliserTests
{
    private const string Octokit = "github-webhooks/octokit-webhooks";
    private const string Captured = "github-webhooks/captured-merged-pr-reallyfastci";

    private readonly GithubNormaliser _normaliser = new();

    // The signature test vector beside the payloads is the docs' HMAC example, not a delivery.
    public static TheoryData<string> Payloads =>
        [.. Deliveries.JsonFiles("github-webhooks").Where(p => !p.EndsWith("/signature-test-vector.json", StringComparison.Ordinal))];

    private Normalised Normalise(string eventType, string relativePath) =>
        _normaliser.Normalise(Deliveries.FromCorpus(eventType, relativePath));

    private T Single<T>(string eventType, string relativePath) where T : ToolchainEvent =>
        Deliveries.Single<T>(Normalise(eventType, relativePath));

    private Normalised Edited(string eventType, string relativePath, Action<JsonObject> edit) =>
        _normaliser.Normalise(Deliveries.Edited(eventType, relativePath, edit));

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The delivery as GitHub sent it: octokit's examples are filed as <c>event/action.payload.json</c>; the captured
    /// deliveries keep their real headers beside them.
    /// </summary>
    private static RawDelivery Delivery(string relativePath)
    {
        if (relativePath.StartsWith(Octokit + "/", StringComparison.Ordinal))
        {
            return Deliveries.FromCorpus(relativePath.Split('/')[2], relativePath);
        }
        var headerFile = Corpus.PathOf(relativePath.Replace(".json", "-header.txt", StringComparison.Ordinal));
        var headers = File.ReadAllLines(headerFile)
            .Select(line => line.Split('\t', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
        return new RawDelivery(headers["x-github-event"], headers, Corpus.Bytes(relativePath));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Every_corpus_payload_normalises_to_events_or_is_ignored(string relativePath)
    {
        var normalised = _normaliser.Normalise(Delivery(relativePath));

        Assert.True(normalised is Normalised.Events or Normalised.Ignored, $"{relativePath}: {normalised}");
        if (normalised is Normalised.Events events)
        {
            Assert.NotEmpty(events.Items);
        }
    }

    [Fact]
    public void The_kind_is_github() => Assert.Equal(IntegrationKind.Github, _normaliser.Kind);

    [Fact]
    public void A_push_to_a_new_branch_lists_its_commits_and_the_push_time()
    {
        var push = Single<PushObserved>("push", $"{Octokit}/push/with-new-branch.payload.json");

        Assert.Equal("github.com/Codertocat/Hello-World", push.Repository);
        Assert.Equal("refs/heads/master", push.Ref);
        Assert.Equal("0000000000000000000000000000000000000000", push.Before);
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", push.After);
        Assert.False(push.Forced);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1557933657), push.PushedAt);
        Assert.True(push.CommitsComplete);
        var commit = Assert.Single(push.Commits);
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", commit.Sha);
        Assert.Equal(At("2019-05-15T15:19:25Z"), commit.CommittedAt);
        Assert.Null(commit.AuthoredAt);
        Assert.Equal("Codertocat", commit.Author);
        Assert.Equal("Initial commit", commit.Message);
    }

    [Fact]
    public void The_push_of_a_merge_keeps_each_commit_offset_and_dates_the_push_by_the_repository()
    {
        var push = Single<PushObserved>("push", $"{Captured}/webhook-push-to-master.json");

        Assert.Equal("github.com/ailisp/gcbapp-buildconfig-example", push.Repository);
        Assert.Equal("8357af6fef17bd180014e419f049944cb491238f", push.Before);
        Assert.Equal("a21683865c088b5fe1906cf6552d15a285a4986d", push.After);
        Assert.Equal(At("2019-11-26T07:01:13Z"), push.PushedAt);
        Assert.Equal(
            ["7682a248ad73d204eb94d9eab840c6fe41b8963d", "411a0fbb93b25e1ba1d7ef7d437315c2a411ed52",
             "7d1b24db3fde2747f9dadfb0f8abf0c8e6f40cad", "7b5a809ab03679215c55926f7d111156ec98b865",
             "a21683865c088b5fe1906cf6552d15a285a4986d"],
            push.Commits.Select(c => c.Sha));
        Assert.Equal(TimeSpan.FromHours(-4), push.Commits[0].CommittedAt!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(-8), push.Commits[2].CommittedAt!.Value.Offset);
        var merge = push.Commits[^1];
        Assert.Equal(new DateTimeOffset(2019, 11, 26, 2, 1, 12, TimeSpan.FromHours(-5)), merge.CommittedAt);
        Assert.Equal(TimeSpan.FromHours(-5), merge.CommittedAt!.Value.Offset);
        Assert.Equal("Bo Yao", merge.Author);
        Assert.StartsWith("Merge pull request #3 from byao1276/byao1276-patch-1", merge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_push_of_the_full_2048_commits_is_marked_incomplete()
    {
        var normalised = Edited("push", $"{Octokit}/push/with-new-branch.payload.json", payload =>
        {
            var commit = payload["commits"]![0]!;
            payload["commits"] = new JsonArray([.. Enumerable.Range(0, 2048).Select(_ => commit.DeepClone())]);
        });

        var push = Deliveries.Single<PushObserved>(normalised);
        Assert.Equal(2048, push.Commits.Count);
        Assert.False(push.CommitsComplete);
    }

    [Theory]
    [InlineData("payload.json")]
    [InlineData("with-organization.payload.json")]
    public void A_pushed_tag_deletion_is_ignored(string file)
    {
        var ignored = Assert.IsType<Normalised.Ignored>(Normalise("push", $"{Octokit}/push/{file}"));
        Assert.Contains("refs/tags/simple-tag", ignored.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_branch_is_ignored()
    {
        var normalised = Edited("push", $"{Octokit}/push/with-new-branch.payload.json", payload =>
        {
            payload["before"] = payload["after"]!.DeepClone();
            payload["after"] = "0000000000000000000000000000000000000000";
            payload["commits"] = new JsonArray();
        });

        Assert.IsType<Normalised.Ignored>(normalised);
    }

    [Fact]
    public void A_form_encoded_delivery_reads_like_the_json_one()
    {
        const string path = $"{Octokit}/push/with-new-branch.payload.json";
        var form = "payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(Corpus.Bytes(path)));
        var delivery = new RawDelivery(
            "push",
            new Dictionary<string, string> { ["content-type"] = "application/x-www-form-urlencoded" },
            Encoding.ASCII.GetBytes(form));

        var fromForm = Deliveries.Single<PushObserved>(_normaliser.Normalise(delivery));
        var fromJson = Single<PushObserved>("push", path);

        Assert.Equal(fromJson with { Commits = [] }, fromForm with { Commits = [] });
        Assert.Equal(fromJson.Commits, fromForm.Commits);
    }

    [Fact]
    public void The_merged_pull_request_is_merged_with_its_merge_commit()
    {
        var pullRequest = Single<PullRequestObserved>("pull_request", $"{Captured}/webhook-pr-close.json");

        Assert.Equal("github.com/ailisp/gcbapp-buildconfig-example", pullRequest.Repository);
        Assert.Equal(3, pullRequest.Number);
        Assert.Equal("Byao1276 patch 1", pullRequest.Title);
        Assert.Equal(PullRequestState.Merged, pullRequest.State);
        Assert.Equal("byao1276", pullRequest.Author);
        Assert.Equal(At("2019-11-13T01:28:51Z"), pullRequest.OpenedAt);
        Assert.Equal(At("2019-11-26T07:01:13Z"), pullRequest.MergedAt);
        Assert.Equal(At("2019-11-26T07:01:13Z"), pullRequest.ClosedAt);
        Assert.Equal("a21683865c088b5fe1906cf6552d15a285a4986d", pullRequest.MergeCommitSha);
        Assert.Equal("7b5a809ab03679215c55926f7d111156ec98b865", pullRequest.HeadSha);
        Assert.Equal("master", pullRequest.BaseRef);
        Assert.Equal("https://github.com/ailisp/gcbapp-buildconfig-example/pull/3", pullRequest.Url);
    }

    [Fact]
    public void The_merged_pull_request_and_the_push_of_its_merge_commit_pair_up()
    {
        var pullRequest = Single<PullRequestObserved>("pull_request", $"{Captured}/webhook-pr-close.json");
        var push = Single<PushObserved>("push", $"{Captured}/webhook-push-to-master.json");

        Assert.Equal(pullRequest.Repository, push.Repository);
        Assert.Equal(pullRequest.MergeCommitSha, push.After);
        Assert.Equal("refs/heads/" + pullRequest.BaseRef, push.Ref);
    }

    [Theory]
    [InlineData("closed.payload.json")]
    [InlineData("closed.with-organization.payload.json")]
    public void A_pull_request_closed_without_merging_has_no_merge_commit(string file)
    {
        var pullRequest = Single<PullRequestObserved>("pull_request", $"{Octokit}/pull_request/{file}");

        Assert.Equal("github.com/Codertocat/Hello-World", pullRequest.Repository);
        Assert.Equal(2, pullRequest.Number);
        Assert.Equal(PullRequestState.Closed, pullRequest.State);
        Assert.Equal(At("2019-05-15T15:20:33Z"), pullRequest.OpenedAt);
        Assert.Equal(At("2019-05-15T15:21:18Z"), pullRequest.ClosedAt);
        Assert.Null(pullRequest.MergedAt);
        // The payload's merge_commit_sha (c4295bd7…) is GitHub's test merge, never pushed to the base branch.
        Assert.Null(pullRequest.MergeCommitSha);
        Assert.Equal("ec26c3e57ca3a959ca5aad62de7213c562f8c821", pullRequest.HeadSha);
    }

    [Theory]
    [InlineData("opened.payload.json")]
    [InlineData("opened.with-null-body.json")]
    [InlineData("labeled.payload.json")]
    [InlineData("synchronize.payload.json")]
    [InlineData("reopened.payload.json")]
    public void Every_other_pull_request_action_is_a_snapshot_of_the_open_request(string file)
    {
        var pullRequest = Single<PullRequestObserved>("pull_request", $"{Octokit}/pull_request/{file}");

        Assert.Equal(PullRequestState.Open, pullRequest.State);
        Assert.Equal("Codertocat", pullRequest.Author);
        Assert.Null(pullRequest.MergedAt);
        Assert.Null(pullRequest.MergeCommitSha);
    }

    [Theory]
    [InlineData("payload.json", "production", "master", "2019-05-15T15:20:53Z")]
    [InlineData("with-installation.payload.json", "production", "master", "2019-05-15T15:20:53Z")]
    [InlineData("gh-pages.payload.json", "github-pages", "gh-pages", "2022-01-03T01:28:30Z")]
    public void A_deployment_is_pending_from_its_creation(string file, string environment, string reference, string createdAt)
    {
        var deployment = Single<DeploymentObserved>("deployment", $"{Octokit}/deployment/{file}");

        Assert.Equal("145988746", deployment.ProviderDeploymentId);
        Assert.Equal("github.com/Codertocat/Hello-World", deployment.Repository);
        Assert.Equal(environment, deployment.Environment);
        Assert.Equal(reference, deployment.Ref);
        Assert.Equal("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", deployment.CommitSha);
        Assert.Equal(DeploymentState.Pending, deployment.Status);
        Assert.Equal(At(createdAt), deployment.At);
        Assert.Equal(At(createdAt), deployment.StartedAt);
        Assert.Equal("https://api.github.com/repos/Codertocat/Hello-World/deployments/145988746", deployment.Url);
        Assert.Null(deployment.ServiceHint);
        Assert.Null(deployment.ExplicitCommits);
        Assert.Null(deployment.CorrelationId);
    }

    [Theory]
    [InlineData("payload.json")]
    [InlineData("with-installation.payload.json")]
    public void A_successful_deployment_status_is_dated_by_the_status_not_the_deployment(string file)
    {
        var deployment = Single<DeploymentObserved>("deployment_status", $"{Octokit}/deployment_status/{file}");

        Assert.Equal("145988746", deployment.ProviderDeploymentId);
        Assert.Equal("github.com/Codertocat/Hello-World", deployment.Repository);
        Assert.Equal("production", deployment.Environment);
        Assert.Equal("master", deployment.Ref);
        Assert.Equal("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", deployment.CommitSha);
        Assert.Equal(DeploymentState.Succeeded, deployment.Status);
        Assert.Equal(At("2019-05-15T15:20:55Z"), deployment.At);
        Assert.Equal(At("2019-05-15T15:20:53Z"), deployment.StartedAt);
        Assert.Null(deployment.Description);
        Assert.Null(deployment.PipelineRunId);
    }

    [Fact]
    public void A_deployment_status_from_actions_links_its_workflow_run_and_log()
    {
        var deployment = Single<DeploymentObserved>("deployment_status", $"{Octokit}/deployment_status/gh-pages.payload.json");

        Assert.Equal(DeploymentState.InProgress, deployment.Status);
        Assert.Equal("github-pages", deployment.Environment);
        Assert.Equal(At("2022-01-03T01:28:40Z"), deployment.At);
        Assert.Equal(At("2022-01-03T01:28:30Z"), deployment.StartedAt);
        Assert.Equal("https://github.com/CorsixTH/CorsixTH/runs/4687056418?check_suite_focus=true", deployment.Url);
        Assert.Equal("289782451", deployment.PipelineRunId);
    }

    [Theory]
    [InlineData("pending", DeploymentState.Pending)]
    [InlineData("queued", DeploymentState.Pending)]
    [InlineData("in_progress", DeploymentState.InProgress)]
    [InlineData("success", DeploymentState.Succeeded)]
    [InlineData("failure", DeploymentState.Failed)]
    [InlineData("error", DeploymentState.Failed)]
    public void Deployment_states_map(string state, DeploymentState expected)
    {
        var normalised = Edited("deployment_status", $"{Octokit}/deployment_status/payload.json",
            payload => payload["deployment_status"]!["state"] = state);

        Assert.Equal(expected, Deliveries.Single<DeploymentObserved>(normalised).Status);
    }

    [Fact]
    public void An_inactive_deployment_status_is_ignored()
    {
        var normalised = Edited("deployment_status", $"{Octokit}/deployment_status/payload.json",
            payload => payload["deployment_status"]!["state"] = "inactive");

        Assert.Contains("superseded", Assert.IsType<Normalised.Ignored>(normalised).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployment_payload_carries_commits_correlation_and_service_by_convention()
    {
        var normalised = Edited("deployment_status", $"{Octokit}/deployment_status/payload.json", payload =>
            payload["deployment"]!["payload"] = new JsonObject
            {
                ["commits"] = new JsonArray("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", "6113728f27ae82c7b1a177c8d03f9e96e0adf246"),
                ["correlation_id"] = "run-42",
                ["service"] = "hello-api",
            });

        var deployment = Deliveries.Single<DeploymentObserved>(normalised);
        Assert.Equal(["f95f852bd8fca8fcc58a9a2d6c842781e32a215e", "6113728f27ae82c7b1a177c8d03f9e96e0adf246"], deployment.ExplicitCommits);
        Assert.Equal("run-42", deployment.CorrelationId);
        Assert.Equal("hello-api", deployment.ServiceHint);
    }

    [Fact]
    public void A_deployment_payload_that_is_a_string_carries_nothing()
    {
        var normalised = Edited("deployment", $"{Octokit}/deployment/payload.json",
            payload => payload["deployment"]!["payload"] = "");

        var deployment = Deliveries.Single<DeploymentObserved>(normalised);
        Assert.Null(deployment.ExplicitCommits);
        Assert.Null(deployment.ServiceHint);
    }

    [Theory]
    [InlineData("completed.payload.json")]
    [InlineData("completed.with-pull-requests.payload.json")]
    public void A_completed_workflow_run_succeeded_and_finished(string file)
    {
        var run = Single<PipelineRunObserved>("workflow_run", $"{Octokit}/workflow_run/{file}");

        Assert.Equal("289782451", run.ProviderRunId);
        Assert.Equal("github.com/octo-org/octo-repo", run.Repository);
        Assert.Equal("test", run.Name); // the run's own name is empty; the workflow's is used
        Assert.Equal("master", run.Ref);
        Assert.Equal("3484a3fb816e0859fd6e1cea078d76385ff50625", run.CommitSha);
        Assert.Equal(PipelineRunState.Succeeded, run.Status);
        Assert.Equal(At("2020-10-05T16:33:49Z"), run.StartedAt);
        Assert.Equal(At("2020-10-05T16:33:49Z"), run.FinishedAt);
        Assert.Equal("https://github.com/octo-org/octo-repo/actions/runs/289782451", run.Url);
    }

    [Theory]
    [InlineData("requested.payload.json")]
    [InlineData("requested.with-conclusion.payload.json")] // completed with action_required: waits for approval
    public void A_requested_workflow_run_is_queued_and_unfinished(string file)
    {
        var run = Single<PipelineRunObserved>("workflow_run", $"{Octokit}/workflow_run/{file}");

        Assert.Equal(PipelineRunState.Queued, run.Status);
        Assert.Null(run.FinishedAt);
    }

    [Theory]
    [InlineData("completed.failure.with-organization.payload.json", PipelineRunState.Failed)]
    [InlineData("completed.success.with-organization.payload.json", PipelineRunState.Succeeded)]
    public void A_completed_workflow_job_is_named_after_its_workflow(string file, PipelineRunState expected)
    {
        var job = Single<PipelineRunObserved>("workflow_job", $"{Octokit}/workflow_job/{file}");

        Assert.Equal("jobs/289782451", job.ProviderRunId);
        Assert.Equal("github.com/Codertocat/Hello-World", job.Repository);
        Assert.Equal("CodeQL / linters", job.Name);
        Assert.Equal("main", job.Ref);
        Assert.Equal("3484a3fb816e0859fd6e1cea078d76385ff50625", job.CommitSha);
        Assert.Equal(expected, job.Status);
        Assert.Equal(At("2021-08-05T10:34:58Z"), job.StartedAt);
        Assert.Equal(At("2021-08-05T10:38:16Z"), job.FinishedAt);
        Assert.Equal("https://github.com/octo-org/octo-repo/runs/1291536064", job.Url);
    }

    [Theory]
    [InlineData("in_progress.payload.json", "jobs/289782451", "CodeQL / Analyze (javascript)", PipelineRunState.Running)]
    [InlineData("in_progress.with-queued-steps.payload.json", "jobs/14541957942", "Test / Do examples need to be regenerated?", PipelineRunState.Running)]
    [InlineData("queued.payload.json", "jobs/289782451", "CodeQL / update", PipelineRunState.Queued)]
    [InlineData("queued.with-deployment.payload.json", "jobs/12877621891", "Env Test / test", PipelineRunState.Queued)]
    [InlineData("waiting.payload.json", "jobs/12877621891", "Env Test / test", PipelineRunState.Queued)]
    public void An_unfinished_workflow_job_has_no_finish(string file, string id, string name, PipelineRunState expected)
    {
        var job = Single<PipelineRunObserved>("workflow_job", $"{Octokit}/workflow_job/{file}");

        Assert.Equal(id, job.ProviderRunId);
        Assert.Equal(name, job.Name);
        Assert.Equal(expected, job.Status);
        Assert.Null(job.FinishedAt);
    }

    [Theory]
    [InlineData("ping", "ping/payload.json")]
    [InlineData("issues", "issues/opened.payload.json")]
    [InlineData("check_suite", "check_suite/completed.payload.json")]
    [InlineData("release", "release/published.payload.json")]
    [InlineData("deployment_review", "deployment_review/requested.payload.json")]
    public void Events_guardrail_does_not_use_are_ignored_with_a_reason(string eventType, string file)
    {
        var ignored = Assert.IsType<Normalised.Ignored>(Normalise(eventType, $"{Octokit}/{file}"));
        Assert.Contains(eventType, ignored.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_json_is_malformed()
    {
        var malformed = Assert.IsType<Normalised.Malformed>(_normaliser.Normalise(Deliveries.Json("push", "ref=refs/heads/main")));
        Assert.StartsWith("the body is not JSON", malformed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_body_that_is_not_an_object_is_malformed()
    {
        var malformed = Assert.IsType<Normalised.Malformed>(_normaliser.Normalise(Deliveries.Json("push", "[]")));
        Assert.Equal("the body is an array, expected a JSON object", malformed.Problem);
    }

    [Fact]
    public void A_form_without_a_payload_field_is_malformed()
    {
        var delivery = new RawDelivery(
            "push", new Dictionary<string, string> { ["content-type"] = "application/x-www-form-urlencoded" }, "ref=main"u8.ToArray());

        Assert.Equal("the form body has no payload field", Assert.IsType<Normalised.Malformed>(_normaliser.Normalise(delivery)).Problem);
    }

    [Theory]
    [InlineData("deployment_status", "deployment_status/payload.json", "deployment", "deployment is missing")]
    [InlineData("deployment_status", "deployment_status/payload.json", "deployment_status.created_at", "deployment_status.created_at is missing")]
    [InlineData("pull_request", "pull_request/opened.payload.json", "pull_request.created_at", "pull_request.created_at is missing")]
    [InlineData("push", "push/with-new-branch.payload.json", "repository.html_url", "repository.html_url is missing")]
    [InlineData("workflow_job", "workflow_job/queued.payload.json", "workflow_job.id", "workflow_job.id is missing")]
    public void A_payload_without_a_required_field_is_malformed_naming_it(string eventType, string file, string field, string problem)
    {
        var normalised = Edited(eventType, $"{Octokit}/{file}", payload =>
        {
            var path = field.Split('.');
            var owner = path[..^1].Aggregate((JsonNode)payload, (node, name) => node[name]!).AsObject();
            owner.Remove(path[^1]);
        });

        Assert.Equal(problem, Assert.IsType<Normalised.Malformed>(normalised).Problem);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_malformed_naming_it()
    {
        var normalised = Edited("pull_request", $"{Octokit}/pull_request/opened.payload.json",
            payload => payload["pull_request"]!["number"] = "2");

        Assert.Equal("pull_request.number is a string, expected a number",
            Assert.IsType<Normalised.Malformed>(normalised).Problem);
    }

    [Fact]
    public void A_commit_timestamp_without_a_zone_is_malformed()
    {
        var normalised = Edited("push", $"{Octokit}/push/with-new-branch.payload.json",
            payload => payload["commits"]![0]!["timestamp"] = "2019-05-15T15:19:25");

        Assert.Equal("commits[].timestamp is '2019-05-15T15:19:25', not a timestamp with a zone",
            Assert.IsType<Normalised.Malformed>(normalised).Problem);
    }

    [Fact]
    public void An_unknown_deployment_state_is_malformed()
    {
        var normalised = Edited("deployment_status", $"{Octokit}/deployment_status/payload.json",
            payload => payload["deployment_status"]!["state"] = "exploded");

        Assert.Equal("deployment_status.state has the unknown value 'exploded'", Assert.IsType<Normalised.Malformed>(normalised).Problem);
    }
}
