using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>A target with the secret Guardrail made for it; the secret exists only in this object.</summary>
public sealed record OutboundTargetWithSecret(OutboundTarget Target, string? GeneratedSecret);

/// <summary>Use cases for configuring where Guardrail sends requests. Secrets are kept encrypted and never shown again.</summary>
public sealed partial class OutboundTargets(GuardrailDb db, AuditTrail audit, ISecretProtector protector, TimeProvider clock)
{
    public const int MinSigningKeyLength = 16;

    public async Task<IReadOnlyList<OutboundTarget>> ListAsync(CancellationToken cancellationToken) =>
        await db.OutboundTargets.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);

    public async Task<Result<OutboundTarget>> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.OutboundTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is { } target
            ? target
            : NotFound(id);

    public async Task<Result<OutboundTargetWithSecret>> CreateAsync(CreateOutboundTargetRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Key("name", request.Name);
        if (!WireNames.TryParse<OutboundTargetKind>(request.Kind, out var kind))
        {
            validation.Add("kind", $"'kind' must be one of: {string.Join(", ", WireNames.All<OutboundTargetKind>())}.");
            return validation.ToError();
        }
        CheckUrl(validation, kind, request.Url);
        CheckSecret(validation, kind, request.Secret, required: kind is not (OutboundTargetKind.Webhook or OutboundTargetKind.Cdevents or OutboundTargetKind.GateCallback));
        var settings = CheckSettings(validation, kind, request.Settings);
        if (!validation.IsValid)
            return validation.ToError();
        if (await db.OutboundTargets.AnyAsync(t => t.Name == request.Name, cancellationToken))
            return NameTaken(request.Name!);

        var generated = kind is (OutboundTargetKind.Webhook or OutboundTargetKind.GateCallback) && request.Secret is null ? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)) : null;
        var now = clock.UtcNow();
        var target = new OutboundTarget
        {
            Name = request.Name!,
            Kind = kind,
            Url = "",
            Settings = settings.ToJson(),
            Enabled = request.Enabled,
            CreatedAt = now,
            UpdatedAt = now,
        };
        SetUrl(target, request.Url!);
        if ((request.Secret ?? generated) is { } secret)
            target.ProtectedSecret = protector.Protect(secret);
        db.OutboundTargets.Add(target);
        await audit.SaveAsync(db, actor, cancellationToken);
        return new OutboundTargetWithSecret(target, generated);
    }

    public async Task<Result<OutboundTarget>> UpdateAsync(long id, UpdateOutboundTargetRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var target = await db.OutboundTargets.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (target is null)
            return NotFound(id);
        var validation = new Validation();
        if (request.Version is null)
            validation.Add("version", "'version' is required when changing a target: send the version you read.");
        if (request.Name is not null)
            validation.Key("name", request.Name);
        if (request.Url is not null)
            CheckUrl(validation, target.Kind, request.Url);
        if (request.Secret is not null)
            CheckSecret(validation, target.Kind, request.Secret, required: true);
        var settings = request.Settings is null ? null : CheckSettings(validation, target.Kind, request.Settings);
        if (!validation.IsValid)
            return validation.ToError();
        if (request.Name is not null && request.Name != target.Name && await db.OutboundTargets.AnyAsync(t => t.Name == request.Name, cancellationToken))
            return NameTaken(request.Name);

        return await Concurrency.SaveVersionedAsync(db, audit, actor, target, "outbound-target", request.Version!.Value, () =>
        {
            target.Name = request.Name ?? target.Name;
            if (request.Url is not null)
                SetUrl(target, request.Url);
            if (request.Secret is not null)
                target.ProtectedSecret = protector.Protect(request.Secret);
            target.Settings = settings?.ToJson() ?? target.Settings;
            target.Enabled = request.Enabled ?? target.Enabled;
            target.UpdatedAt = clock.UtcNow();
        }, cancellationToken);
    }

    /// <summary>A target that was sent messages or asked for runs keeps them as history: disable it instead.</summary>
    public async Task<Result<OutboundTarget>> DeleteAsync(long id, long? version, Actor actor, CancellationToken cancellationToken)
    {
        var target = await db.OutboundTargets.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (target is null)
            return NotFound(id);
        if (version is { } expected && expected != target.Version)
            return Error.StaleVersion("outbound-target", expected, target.Version);
        if (await db.OutboxMessages.AnyAsync(m => m.TargetId == id, cancellationToken) || await db.AutomationRuns.AnyAsync(r => r.TargetId == id, cancellationToken))
            return new Error("outbound-target.in_use",
                "Messages were sent to this target or runs were asked of it, and they are kept as history; disable it instead of deleting it.", ErrorKind.Conflict);
        db.OutboundTargets.Remove(target);
        await audit.SaveAsync(db, actor, cancellationToken);
        return target;
    }

    /// <summary>A Slack webhook URL is itself a secret: it is stored encrypted, and the visible URL keeps only its host.</summary>
    private void SetUrl(OutboundTarget target, string url)
    {
        if (target.Kind != OutboundTargetKind.SlackIncomingWebhook)
        {
            target.Url = url;
            return;
        }
        var uri = new Uri(url);
        target.Url = $"{uri.Scheme}://{uri.Authority}/…";
        target.ProtectedSecret = protector.Protect(url);
    }

    private static void CheckUrl(Validation validation, OutboundTargetKind kind, string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            validation.Add("url", "'url' is required.");
            return;
        }
        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            validation.Add("url", $"'url' must be an absolute http or https URL of at most 2000 characters (got '{Shorten(url)}').");
            return;
        }
        if (uri.UserInfo.Length > 0)
            validation.Add("url", "'url' must not carry credentials: give them as 'secret' (and 'settings.user' for Jenkins).");
        if (uri.Fragment.Length > 0)
            validation.Add("url", "'url' must not have a fragment (#…).");
        var hasQuery = uri.Query.Length > 0;
        switch (kind)
        {
            case OutboundTargetKind.GithubWorkflowDispatch or OutboundTargetKind.GithubRepositoryDispatch when !GithubRepositoryPath().IsMatch(uri.AbsolutePath) || hasQuery:
                validation.Add("url", "'url' must be the repository's API URL, https://api.github.com/repos/OWNER/REPO (or https://HOST/api/v3/repos/OWNER/REPO on GitHub Enterprise Server).");
                break;
            case OutboundTargetKind.GitlabPipelineTrigger when !GitlabTriggerPath().IsMatch(uri.AbsolutePath) || hasQuery:
                validation.Add("url", "'url' must be the pipeline trigger endpoint, https://HOST/api/v4/projects/ID/trigger/pipeline.");
                break;
            case OutboundTargetKind.JenkinsBuild when !uri.AbsolutePath.Contains("/job/", StringComparison.Ordinal) || hasQuery:
                validation.Add("url", "'url' must be the Jenkins job's URL, https://HOST/job/NAME/ (with /job/ for each folder).");
                break;
        }
    }

    private static void CheckSecret(Validation validation, OutboundTargetKind kind, string? secret, bool required)
    {
        if (kind == OutboundTargetKind.SlackIncomingWebhook)
        {
            if (secret is not null)
                validation.Add("secret", "A Slack target takes no 'secret': its webhook URL is the secret, and is kept as one.");
            return;
        }
        if (secret is null)
        {
            if (required)
                validation.Add("secret", $"'secret' is required for a {WireNames.Of(kind)} target: {SecretMeaning(kind)}.");
            return;
        }
        var signingKey = kind is OutboundTargetKind.Webhook or OutboundTargetKind.Cdevents or OutboundTargetKind.GateCallback;
        var minimum = signingKey ? MinSigningKeyLength : 1;
        if (secret.Length < minimum || secret.Length > 1000 || secret.Any(char.IsWhiteSpace))
            validation.Add("secret", $"'secret' ({SecretMeaning(kind)}) must be {minimum} to 1000 characters without spaces.");
    }

    private static string SecretMeaning(OutboundTargetKind kind) => kind switch
    {
        OutboundTargetKind.GithubWorkflowDispatch or OutboundTargetKind.GithubRepositoryDispatch => "a GitHub token allowed to dispatch to the repository",
        OutboundTargetKind.GitlabPipelineTrigger => "the project's pipeline trigger token",
        OutboundTargetKind.JenkinsBuild => "the API token of 'settings.user'",
        OutboundTargetKind.GithubDeploymentReview => "a GitHub App installation token with read and write access to deployments",
        _ => "the HMAC-SHA256 key the X-Guardrail-Signature header is made with",
    };

    private static TargetSettings CheckSettings(Validation validation, OutboundTargetKind kind, IReadOnlyDictionary<string, string>? settings)
    {
        settings ??= new Dictionary<string, string>();
        var names = TargetSettings.NamesFor(kind);
        foreach (var name in settings.Keys.Where(n => !names.Contains(n)))
        {
            validation.Add($"settings.{name}", names.Count == 0
                ? $"A {WireNames.Of(kind)} target takes no settings."
                : $"'{name}' is not a setting of a {WireNames.Of(kind)} target; it takes: {string.Join(", ", names)}.");
        }
        foreach (var name in names)
        {
            var value = settings.GetValueOrDefault(name);
            if (string.IsNullOrWhiteSpace(value))
                validation.Add($"settings.{name}", $"'settings.{name}' is required for a {WireNames.Of(kind)} target.");
            else if (value.Length > 200 || value.Any(char.IsWhiteSpace))
                validation.Add($"settings.{name}", $"'settings.{name}' must be at most 200 characters without spaces.");
            else if (name == "workflow" && !WorkflowName().IsMatch(value))
                validation.Add("settings.workflow", $"'settings.workflow' must be the workflow's file name (deploy.yml) or its numeric id (got '{value}').");
            else if (name == "eventType" && value.Length > 100)
                validation.Add("settings.eventType", "'settings.eventType' must be at most 100 characters (GitHub's limit).");
        }
        return TargetSettings.From(settings);
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";

    private static Error NotFound(long id) => Error.NotFound("outbound-target", id.ToString(CultureInfo.InvariantCulture));

    private static Error NameTaken(string name) =>
        new("outbound-target.name_taken", $"A target named '{name}' already exists.", ErrorKind.Conflict);

    [GeneratedRegex("^(/api/v3)?/repos/[^/]+/[^/]+/?$")]
    private static partial Regex GithubRepositoryPath();

    [GeneratedRegex("/api/v4/projects/[^/]+/trigger/pipeline/?$")]
    private static partial Regex GitlabTriggerPath();

    [GeneratedRegex(@"^([0-9]+|[A-Za-z0-9_.-]+\.ya?ml)$")]
    private static partial Regex WorkflowName();
}
