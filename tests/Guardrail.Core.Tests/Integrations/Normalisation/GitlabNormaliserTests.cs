using System.Text.Json.Nodes;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Normalisation.Gitlab;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

public class GitlabNormaliserTests
{
    private const string GoGitlab = "gitlab-webhooks/go-gitlab-testdata";
    private const string GoPlayground = "gitlab-webhooks/go-playground-webhooks";
    private const string DroneScm = "gitlab-webhooks/drone-go-scm";

    /// <summary>
    /// The <c>X-Gitlab-Event</c> each body kind arrives under: the table in the corpus's HEADERS.md, and GitLab's
    /// webhook documentation for the kinds the table leaves out (group hooks without an object_kind go by event_name).
    /// </summary>
    private static readonly Dictionary<string, string> _hookByKind = new()
    {
        ["push"] = "Push Hook",
        ["tag_push"] = "Tag Push Hook",
        ["merge_request"] = "Merge Request Hook",
        ["pipeline"] = "Pipeline Hook",
        ["build"] = "Job Hook",
        ["deployment"] = "Deployment Hook",
        ["release"] = "Release Hook",
        ["issue"] = "Issue Hook",
        ["note"] = "Note Hook",
        ["wiki_page"] = "Wiki Page Hook",
        ["feature_flag"] = "Feature Flag Hook",
        ["access_token"] = "Resource Access Token Hook",
        ["user_add_to_group"] = "Member Hook",
        ["subgroup_create"] = "Subgroup Hook",
    };

    private readonly GitlabNormaliser _normaliser = new();

    public static TheoryData<string> Payloads => [.. Deliveries.JsonFiles("gitlab-webhooks")];

    private static string HookOf(string relativePath)
    {
        var body = JsonNode.Parse(Corpus.Bytes(relativePath))!;
        return _hookByKind[(string?)body["object_kind"] ?? (string)body["event_name"]!];
    }

    private Normalised Normalise(string relativePath) =>
        _normaliser.Normalise(Deliveries.FromCorpus(HookOf(relativePath), relativePath));

    private T Single<T>(string relativePath) where T : ToolchainEvent => Deliveries.Single<T>(Normalise(relativePath));

    private Normalised Edited(string relativePath, Action<JsonObject> edit) =>
        _normaliser.Normalise(Deliveries.Edited(HookOf(relativePath), relativePath, edit));

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Every_corpus_payload_normalises_to_events_or_is_ignored(string relativePath)
    {
        var normalised = Normalise(relativePath);

        if (relativePath == $"{GoGitlab}/group_merge_request.json")
        {
            // go-gitlab copied a GitLab docs example whose keys end in a space ("iid ", "state ": "merged "): GitLab
            // never sends that, and a merge request without a state or number cannot be read.
            Assert.Equal("object_attributes.state is missing", Assert.IsType<Normalised.Malformed>(normalised).Problem);
            return;
        }
        Assert.True(normalised is Normalised.Events or Normalised.Ignored, $"{relativePath}: {normalised}");
        if (normalised is Normalised.Events events)
        {
            Assert.NotEmpty(events.Items);
        }
    }

    [Fact]
    public void The_kind_is_gitlab() => Assert.Equal(IntegrationKind.Gitlab, _normaliser.Kind);

    [Fact]
    public void A_push_keeps_each_commit_offset_and_knows_it_lists_only_some_commits()
    {
        var push = Single<PushObserved>($"{GoGitlab}/push.json");

        Assert.Equal("example.com/mike/diaspora", push.Repository);
        Assert.Equal("refs/heads/master", push.Ref);
        Assert.Equal("95790bf891e76fee5e1747ab589903a6a1f80f22", push.Before);
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", push.After);
        Assert.False(push.Forced);
        Assert.Null(push.PushedAt);
        Assert.False(push.CommitsComplete); // 2 listed of total_commits_count 4
        Assert.Equal(["b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"], push.Commits.Select(c => c.Sha));
        var first = push.Commits[0];
        Assert.Equal(new DateTimeOffset(2011, 12, 12, 14, 27, 31, TimeSpan.FromHours(2)), first.CommittedAt);
        Assert.Equal(TimeSpan.FromHours(2), first.CommittedAt!.Value.Offset);
        Assert.Equal("Jordi Mallach", first.Author);
        Assert.StartsWith("Merge branch 'some-feature' into 'master'", first.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(2), push.Commits[1].CommittedAt!.Value.Offset);
    }

    [Fact]
    public void The_push_of_a_merge_lists_every_commit_with_its_own_offset()
    {
        var push = Single<PushObserved>($"{DroneScm}/push_merge.json");

        Assert.Equal("gitlab.com/gitlab-org/hello-world", push.Repository);
        Assert.Equal("2adc9465c4edfc33834e173fe89436a7cb899a1d", push.Before);
        Assert.Equal("78a76ee6b4992a6baf64c59fc4c44c7323d60438", push.After);
        Assert.True(push.CommitsComplete);
        Assert.Equal(2, push.Commits.Count);
        Assert.Equal(TimeSpan.FromHours(-8), push.Commits[0].CommittedAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2017, 12, 10, 8, 28, 36, TimeSpan.FromHours(-8)), push.Commits[0].CommittedAt);
        Assert.Equal(TimeSpan.Zero, push.Commits[1].CommittedAt!.Value.Offset);
        Assert.Equal(At("2017-12-10T17:08:06Z"), push.Commits[1].CommittedAt);
    }

    [Fact]
    public void A_push_of_twenty_or_more_commits_without_a_total_is_marked_incomplete()
    {
        var normalised = Edited($"{DroneScm}/push.json", payload =>
        {
            var commit = payload["commits"]![0]!;
            payload["commits"] = new JsonArray([.. Enumerable.Range(0, 20).Select(_ => commit.DeepClone())]);
            payload.Remove("total_commits_count");
        });

        Assert.False(Deliveries.Single<PushObserved>(normalised).CommitsComplete);
    }

    [Fact]
    public void A_deleted_branch_is_ignored()
    {
        var normalised = Edited($"{DroneScm}/push.json", payload =>
        {
            payload["after"] = "0000000000000000000000000000000000000000";
            payload["commits"] = new JsonArray();
        });

        Assert.IsType<Normalised.Ignored>(normalised);
    }

    [Fact]
    public void A_created_merge_request_is_open_and_names_its_author()
    {
        var request = Single<PullRequestObserved>($"{DroneScm}/pull_request_create.json");

        Assert.Equal("gitlab.com/gitlab-org/hello-world", request.Repository);
        Assert.Equal(1, request.Number);
        Assert.Equal("update readme", request.Title);
        Assert.Equal(PullRequestState.Open, request.State);
        Assert.Equal("sytses", request.Author);
        Assert.Equal(At("2017-12-10T17:01:11Z"), request.OpenedAt);
        Assert.Equal(TimeSpan.Zero, request.OpenedAt.Offset);
        Assert.Null(request.MergedAt);
        Assert.Null(request.ClosedAt);
        Assert.Null(request.MergeCommitSha);
        Assert.Equal("c4c79227ed610f1151f05bbc5be33b4f340d39c8", request.HeadSha);
        Assert.Equal("master", request.BaseRef);
        Assert.Equal("https://gitlab.com/gitlab-org/hello-world/merge_requests/1", request.Url);
    }

    [Fact]
    public void A_merged_merge_request_pairs_with_the_push_of_its_merge_commit()
    {
        var request = Single<PullRequestObserved>($"{DroneScm}/pull_request_merge.json");
        var push = Single<PushObserved>($"{DroneScm}/push_merge.json");

        Assert.Equal(PullRequestState.Merged, request.State);
        Assert.Equal("78a76ee6b4992a6baf64c59fc4c44c7323d60438", request.MergeCommitSha);
        Assert.Equal(At("2017-12-10T17:08:07Z"), request.MergedAt);
        Assert.Equal(request.MergedAt, request.ClosedAt);
        Assert.Null(request.Author); // the user of a merge is whoever merged
        Assert.Equal(request.Repository, push.Repository);
        Assert.Equal(request.MergeCommitSha, push.After);
        Assert.Equal("refs/heads/" + request.BaseRef, push.Ref);
    }

    [Fact]
    public void A_closed_merge_request_is_closed_without_a_merge()
    {
        var request = Single<PullRequestObserved>($"{DroneScm}/pull_request_close.json");

        Assert.Equal(PullRequestState.Closed, request.State);
        Assert.Equal(At("2017-12-10T17:02:46Z"), request.ClosedAt);
        Assert.Null(request.MergedAt);
        Assert.Null(request.MergeCommitSha);
    }

    [Theory]
    [InlineData("merge_request.json", "gitlabhq/gitlab-test", 1, "MS-Viewport", "2013-12-03T17:23:34Z", "user1")]
    [InlineData("service_merge_request.json", "test/woodpecker", 2, "Update client.go 🎉", "2021-09-27T05:00:01Z", null)]
    public void Merge_requests_read_either_timestamp_format(
        string file, string path, long number, string title, string openedAt, string? author)
    {
        var request = Single<PullRequestObserved>($"{GoGitlab}/{file}");

        Assert.EndsWith(path, request.Repository, StringComparison.Ordinal);
        Assert.Equal(number, request.Number);
        Assert.Equal(title, request.Title);
        Assert.Equal(PullRequestState.Open, request.State);
        Assert.Equal(At(openedAt), request.OpenedAt);
        Assert.Equal(author, request.Author);
    }

    [Theory]
    [InlineData($"{GoGitlab}/pipeline.json", "pipeline", null)]
    [InlineData($"{DroneScm}/pipeline_hook.json", "Pipeline for branch: master", "http://example.com/gitlab-org/gitlab-test/-/pipelines/31")]
    public void A_pipeline_is_a_run_from_creation_to_finish(string relativePath, string name, string? url)
    {
        var run = Single<PipelineRunObserved>(relativePath);

        Assert.Equal("31", run.ProviderRunId);
        Assert.Equal("192.168.64.1/gitlab-org/gitlab-test", run.Repository);
        Assert.Equal(name, run.Name);
        Assert.Equal("master", run.Ref);
        Assert.Equal("bcbb5ec396a2c0f828686f14fac9b80b780504f2", run.CommitSha);
        Assert.Equal(PipelineRunState.Succeeded, run.Status);
        Assert.Equal(At("2016-08-12T15:23:28Z"), run.StartedAt);
        Assert.Equal(At("2016-08-12T15:26:29Z"), run.FinishedAt);
        Assert.Equal(url, run.Url);
    }

    [Theory]
    [InlineData("created", PipelineRunState.Queued)]
    [InlineData("pending", PipelineRunState.Queued)]
    [InlineData("manual", PipelineRunState.Queued)]
    [InlineData("running", PipelineRunState.Running)]
    [InlineData("failed", PipelineRunState.Failed)]
    [InlineData("canceled", PipelineRunState.Cancelled)]
    [InlineData("skipped", PipelineRunState.Cancelled)]
    public void Pipeline_statuses_map(string status, PipelineRunState expected)
    {
        var normalised = Edited($"{GoGitlab}/pipeline.json", payload => payload["object_attributes"]!["status"] = status);

        Assert.Equal(expected, Deliveries.Single<PipelineRunObserved>(normalised).Status);
    }

    [Fact]
    public void A_job_is_a_run_named_by_stage_and_job()
    {
        var job = Single<PipelineRunObserved>($"{GoGitlab}/job.json");

        Assert.Equal("jobs/3580121225", job.ProviderRunId);
        Assert.Equal("gitlab.com/jsmithy2/release-tools-fake", job.Repository);
        Assert.Equal("coordinated:tag / auto_deploy:start", job.Name);
        Assert.Equal("main", job.Ref);
        Assert.Equal("95d49d1efbd941908580e79d65e4b5ecaf4a8305", job.CommitSha);
        Assert.Equal(PipelineRunState.Succeeded, job.Status);
        Assert.Equal(At("2023-01-10T13:50:05Z"), job.StartedAt);
        Assert.Equal(At("2023-01-10T13:50:54Z"), job.FinishedAt);
    }

    [Theory]
    [InlineData($"{GoGitlab}/build.json")]
    [InlineData($"{GoPlayground}/build-event.json")]
    [InlineData($"{GoPlayground}/job-event.json")]
    public void A_created_job_is_queued(string relativePath)
    {
        var job = Single<PipelineRunObserved>(relativePath);

        Assert.Equal("jobs/1977", job.ProviderRunId);
        Assert.Equal("192.168.64.1/gitlab-org/gitlab-test", job.Repository);
        Assert.Equal("test / test", job.Name);
        Assert.Equal(PipelineRunState.Queued, job.Status);
        Assert.Null(job.StartedAt);
        Assert.Null(job.FinishedAt);
    }

    [Theory]
    [InlineData($"{GoGitlab}/deployment.json", "1.0.0")]
    [InlineData($"{GoPlayground}/deployment-event.json", null)]
    public void Both_deployment_shapes_read_the_same_deployment(string relativePath, string? reference)
    {
        var deployment = Single<DeploymentObserved>(relativePath);

        Assert.Equal("15", deployment.ProviderDeploymentId);
        Assert.Equal("10.126.0.2/root/test-deployment-webhooks", deployment.Repository);
        Assert.Equal("staging", deployment.Environment);
        Assert.Equal(reference, deployment.Ref);
        Assert.Equal("279484c09fbe69ededfced8c1bb6e6d24616b468", deployment.CommitSha);
        Assert.Equal(DeploymentState.Succeeded, deployment.Status);
        Assert.Equal(new DateTimeOffset(2021, 4, 28, 21, 50, 0, TimeSpan.FromHours(2)), deployment.At);
        Assert.Equal(TimeSpan.FromHours(2), deployment.At.Offset);
        Assert.Null(deployment.StartedAt);
        Assert.Equal("http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796", deployment.Url);
        Assert.Equal("jobs/796", deployment.PipelineRunId);
    }

    [Theory]
    [InlineData("created", DeploymentState.Pending)]
    [InlineData("blocked", DeploymentState.Pending)]
    [InlineData("running", DeploymentState.InProgress)]
    [InlineData("failed", DeploymentState.Failed)]
    [InlineData("canceled", DeploymentState.Cancelled)]
    [InlineData("skipped", DeploymentState.Cancelled)]
    public void Deployment_statuses_map(string status, DeploymentState expected)
    {
        var normalised = Edited($"{GoGitlab}/deployment.json", payload => payload["status"] = status);

        Assert.Equal(expected, Deliveries.Single<DeploymentObserved>(normalised).Status);
    }

    [Fact]
    public void A_deployment_without_a_commit_url_has_no_commit()
    {
        var normalised = Edited($"{GoGitlab}/deployment.json", payload => payload.Remove("commit_url"));

        Assert.Null(Deliveries.Single<DeploymentObserved>(normalised).CommitSha);
    }

    [Fact]
    public void A_system_hook_is_read_by_its_object_kind()
    {
        var delivery = Deliveries.FromCorpus("System Hook", $"{DroneScm}/push.json");

        Assert.Equal("gitlab.com/gitlab-org/hello-world", Deliveries.Single<PushObserved>(_normaliser.Normalise(delivery)).Repository);
    }

    [Theory]
    [InlineData($"{DroneScm}/tag_create.json", "tag_push")]
    [InlineData($"{GoGitlab}/release.json", "release")]
    [InlineData($"{GoGitlab}/note_merge_request.json", "note")]
    [InlineData($"{GoGitlab}/issue.json", "issue")]
    [InlineData($"{GoGitlab}/member.json", "user_add_to_group")]
    public void Events_guardrail_does_not_use_are_ignored_with_a_reason(string relativePath, string named)
    {
        Assert.Contains(named, Assert.IsType<Normalised.Ignored>(Normalise(relativePath)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_of_another_kind_than_its_hook_promises_is_malformed()
    {
        var delivery = Deliveries.FromCorpus("Push Hook", $"{DroneScm}/tag_create.json");

        Assert.Equal("object_kind is 'tag_push', but X-Gitlab-Event 'Push Hook' promises 'push'",
            Assert.IsType<Normalised.Malformed>(_normaliser.Normalise(delivery)).Problem);
    }

    [Fact]
    public void A_body_that_is_not_json_is_malformed()
    {
        var malformed = Assert.IsType<Normalised.Malformed>(_normaliser.Normalise(Deliveries.Json("Push Hook", "<html>")));
        Assert.StartsWith("the body is not JSON", malformed.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"{GoGitlab}/deployment.json", "status_changed_at", "status_changed_at is missing")]
    [InlineData($"{GoGitlab}/deployment.json", "deployment_id", "deployment_id is missing")]
    [InlineData($"{GoGitlab}/job.json", "build_id", "build_id is missing")]
    public void A_payload_without_a_required_field_is_malformed_naming_it(string relativePath, string field, string problem)
    {
        var normalised = Edited(relativePath, payload => payload.Remove(field));

        Assert.Equal(problem, Assert.IsType<Normalised.Malformed>(normalised).Problem);
    }

    [Fact]
    public void A_payload_without_any_repository_url_is_malformed()
    {
        var normalised = Edited($"{DroneScm}/push.json", payload =>
        {
            payload.Remove("project");
            payload.Remove("repository");
        });

        Assert.Equal("project.web_url is missing, and so is repository.homepage", Assert.IsType<Normalised.Malformed>(normalised).Problem);
    }

    [Theory]
    [InlineData("iid", "1", "object_attributes.iid is a string, expected a number")]
    [InlineData("created_at", "yesterday", "object_attributes.created_at is 'yesterday', not a timestamp with a zone")]
    [InlineData("state", "reviewing", "object_attributes.state has the unknown value 'reviewing'")]
    public void A_field_of_the_wrong_type_or_value_is_malformed_naming_it(string field, string value, string problem)
    {
        var normalised = Edited($"{DroneScm}/pull_request_merge.json", payload => payload["object_attributes"]![field] = value);

        Assert.Equal(problem, Assert.IsType<Normalised.Malformed>(normalised).Problem);
    }
}
