using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Integrations.Outbox;

/// <summary>What the outbox's use cases refuse, each with its stable code and the field at fault.</summary>
public sealed class OutboxValidationTests : IAsyncLifetime
{
    private static readonly Actor s_alice = Actor.User("alice");
    private static readonly Dictionary<string, string> s_dispatch = new() { ["workflow"] = "deploy.yml", ["ref"] = "main" };

    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.SqliteAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<Result<OutboundTargetWithSecret>> CreateAsync(CreateOutboundTargetRequest request)
    {
        await using var scope = _store.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboundTargets>().CreateAsync(request, s_alice, default);
    }

    private async Task<Result<AutomationRunView>> RequestAsync(AutomationRunRequest request)
    {
        await using var scope = _store.Scope();
        return await scope.ServiceProvider.GetRequiredService<AutomationRuns>().RequestAsync(request, s_alice, default);
    }

    private static string Name() => $"t-{Guid.NewGuid():N}"[..20];

    public static TheoryData<string, string?, string?, string?, string> InvalidTargets() => new()
    {
        { "telegraph", "https://x.example.com/", null, null, "kind" },
        { "webhook", "ftp://x.example.com/", null, null, "url" },
        { "webhook", "/relative", null, null, "url" },
        { "webhook", "https://user:pw@x.example.com/", null, null, "url" },
        { "webhook", "https://x.example.com/", "short", null, "secret" },
        { "cdevents", "https://x.example.com/", "has a space in it, so no", null, "secret" },
        { "github-workflow-dispatch", "https://github.com/acme/shop", "ghp_token", "workflow=deploy.yml;ref=main", "url" },
        { "github-workflow-dispatch", "https://api.github.com/repos/acme/shop", null, "workflow=deploy.yml;ref=main", "secret" },
        { "github-workflow-dispatch", "https://api.github.com/repos/acme/shop", "ghp_token", "workflow=deploy.yml", "settings.ref" },
        { "github-workflow-dispatch", "https://api.github.com/repos/acme/shop", "ghp_token", "workflow=deploy.sh;ref=main", "settings.workflow" },
        { "github-workflow-dispatch", "https://api.github.com/repos/acme/shop", "ghp_token", "workflow=deploy.yml;ref=main;branch=x", "settings.branch" },
        { "github-repository-dispatch", "https://api.github.com/repos/acme/shop", "ghp_token", null, "settings.eventType" },
        { "gitlab-pipeline-trigger", "https://gitlab.example.com/api/v4/projects/42/pipeline", "glptt", "ref=main", "url" },
        { "jenkins-build", "https://jenkins.example.com/view/all", "token", "user=bot", "url" },
        { "jenkins-build", "https://jenkins.example.com/job/deploy/", "token", null, "settings.user" },
        { "slack-incoming-webhook", "https://hooks.slack.com/services/T/B/X", "a-secret-for-slack", null, "secret" },
        { "webhook", "https://x.example.com/", null, "ref=main", "settings.ref" },
    };

    [Theory]
    [MemberData(nameof(InvalidTargets))]
    public async Task An_invalid_target_is_refused_naming_the_field(string kind, string? url, string? secret, string? settings, string field)
    {
        var parsed = settings?.Split(';').Select(s => s.Split('=')).ToDictionary(p => p[0], p => p[1]);

        var created = await CreateAsync(new CreateOutboundTargetRequest(kind, Name(), url, secret, parsed));

        Assert.False(created.Succeeded);
        Assert.Equal("validation.failed", created.Error.Code);
        Assert.Contains(field, created.Error.Fields!.Keys);
    }

    [Fact]
    public async Task A_taken_name_is_a_conflict()
    {
        var name = Name();
        Assert.True((await CreateAsync(new CreateOutboundTargetRequest("webhook", name, "https://x.example.com/"))).Succeeded);

        var again = await CreateAsync(new CreateOutboundTargetRequest("webhook", name, "https://y.example.com/"));

        Assert.Equal(("outbound-target.name_taken", ErrorKind.Conflict), (again.Error?.Code, again.Error?.Kind));
    }

    [Fact]
    public async Task A_webhook_without_a_secret_gets_one_made_shown_once_and_stored_encrypted()
    {
        var created = await CreateAsync(new CreateOutboundTargetRequest("webhook", Name(), "https://x.example.com/"));

        Assert.True(created.Succeeded);
        var secret = Assert.IsType<string>(created.Value.GeneratedSecret);
        Assert.True(secret.Length >= 40);
        Assert.Equal(secret, new TestSecretProtector().Unprotect(created.Value.Target.ProtectedSecret!));
        var given = await CreateAsync(new CreateOutboundTargetRequest("webhook", Name(), "https://x.example.com/", "a-signing-key-of-my-own"));
        Assert.Null(given.Value!.GeneratedSecret);
    }

    [Fact]
    public async Task A_slack_webhook_url_is_kept_as_a_secret_and_shown_by_its_host_only()
    {
        const string url = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";

        var created = await CreateAsync(new CreateOutboundTargetRequest("slack-incoming-webhook", Name(), url));

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Equal("https://hooks.slack.com/…", created.Value.Target.Url);
        Assert.Equal(url, new TestSecretProtector().Unprotect(created.Value.Target.ProtectedSecret!));
        Assert.Null(created.Value.GeneratedSecret);
    }

    [Fact]
    public async Task Runs_go_only_to_known_enabled_targets_that_can_run_something()
    {
        var slack = Name();
        var disabled = Name();
        await CreateAsync(new CreateOutboundTargetRequest("slack-incoming-webhook", slack, "https://hooks.slack.com/services/T/B/X"));
        await CreateAsync(new CreateOutboundTargetRequest("github-workflow-dispatch", disabled, "https://api.github.com/repos/acme/shop", "ghp_token", s_dispatch, Enabled: false));

        Assert.Equal("automation-run.unknown_target", (await RequestAsync(new AutomationRunRequest("nowhere", null, "why"))).Error?.Code);
        Assert.Equal("automation-run.target_not_triggerable", (await RequestAsync(new AutomationRunRequest(slack, null, "why"))).Error?.Code);
        Assert.Equal(("automation-run.target_disabled", ErrorKind.Conflict),
            ((await RequestAsync(new AutomationRunRequest(disabled, null, "why"))).Error?.Code, (await RequestAsync(new AutomationRunRequest(disabled, null, "why"))).Error?.Kind));
    }

    [Theory]
    [InlineData("GUARDRAIL_CORRELATION_ID", "x", "inputs.GUARDRAIL_CORRELATION_ID")]
    [InlineData("1st", "x", "inputs.1st")]
    [InlineData("with-dash", "x", "inputs.with-dash")]
    [InlineData(null, null, "reason")]
    public async Task Bad_inputs_or_no_reason_are_refused(string? input, string? value, string field)
    {
        var target = Name();
        await CreateAsync(new CreateOutboundTargetRequest("github-workflow-dispatch", target, "https://api.github.com/repos/acme/shop", "ghp_token", s_dispatch));
        var inputs = input is null ? null : new Dictionary<string, string> { [input] = value! };

        var requested = await RequestAsync(new AutomationRunRequest(target, inputs, input is null ? " " : "why"));

        Assert.Equal("validation.failed", requested.Error?.Code);
        Assert.Contains(field, requested.Error!.Fields!.Keys);
    }

    [Fact]
    public async Task A_target_with_history_cannot_be_deleted()
    {
        var name = Name();
        var target = (await CreateAsync(new CreateOutboundTargetRequest("webhook", name, "https://x.example.com/"))).Value!.Target;
        Assert.True((await RequestAsync(new AutomationRunRequest(name, null, "why"))).Succeeded);

        await using var scope = _store.Scope();
        var deleted = await scope.ServiceProvider.GetRequiredService<OutboundTargets>().DeleteAsync(target.Id, null, s_alice, default);

        Assert.Equal(("outbound-target.in_use", ErrorKind.Conflict), (deleted.Error?.Code, deleted.Error?.Kind));
        Assert.True(await scope.ServiceProvider.GetRequiredService<GuardrailDb>().OutboundTargets.AnyAsync(t => t.Id == target.Id));
    }
}
