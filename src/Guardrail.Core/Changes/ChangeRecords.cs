using System.Text.RegularExpressions;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

/// <summary>Filters for the change list; service and environment are keys.</summary>
public sealed record ChangeQuery(string? State = null, string? Type = null, string? Service = null, string? Environment = null, string? Search = null);

/// <summary>Use cases of change records: request, edit, submit for assessment, implement, report the outcome, review, cancel.</summary>
public sealed partial class ChangeRecords(
    GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex catalog, ConfigurationItems cmdb,
    ChangeAssessment assessment, ModelPromotions promotions, ChangeDecisionSignal signal)
{
    public async Task<Result<Page<ChangeRecord>>> ListAsync(ChangeQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var changes = db.Changes.AsNoTracking().Include(c => c.Service).Include(c => c.Environment).Include(c => c.Approvals).AsQueryable();
        // Newest first: the cursor carries the last id of the previous page, and the next page is below it.
        if (paging.Value.AfterId > 0)
            changes = changes.Where(c => c.Id < paging.Value.AfterId);
        if (query.State is not null)
        {
            if (!WireNames.TryParse<ChangeState>(query.State, out var state))
                return Error.Invalid("state", $"Unknown state '{query.State}'; one of: {string.Join(", ", WireNames.All<ChangeState>())}.");
            changes = changes.Where(c => c.State == state);
        }
        if (query.Type is not null)
        {
            if (!WireNames.TryParse<ChangeType>(query.Type, out var type))
                return Error.Invalid("type", $"Unknown type '{query.Type}'; one of: {string.Join(", ", WireNames.All<ChangeType>())}.");
            changes = changes.Where(c => c.Type == type);
        }
        if (query.Service is not null)
            changes = changes.Where(c => c.Service!.Key == query.Service);
        if (query.Environment is not null)
            changes = changes.Where(c => c.Environment!.Key == query.Environment);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            changes = RecordNumber.Change.TryParse(search, out var number)
                ? changes.Where(c => c.Id == number)
                : changes.Where(c => c.Title.ToLower().Contains(search.ToLower()) || c.CommitSha == search);
        }
        var rows = await changes.OrderByDescending(c => c.Id).Take(paging.Value.Limit + 1).AsSplitQuery().ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, c => c.Id);
    }

    public async Task<Result<ChangeRecord>> GetAsync(string reference, CancellationToken cancellationToken)
    {
        if (!RecordNumber.Change.TryParse(reference, out var id))
            return Error.NotFound("change", reference);
        var change = await db.Changes.AsNoTracking()
            .Include(c => c.Service).Include(c => c.Environment)
            .Include(c => c.Cis).ThenInclude(l => l.Ci)
            .Include(c => c.Commits).Include(c => c.PullRequests)
            .Include(c => c.Approvals.OrderBy(a => a.At))
            .Include(c => c.Events.OrderBy(e => e.Id))
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return change is null ? Error.NotFound("change", reference) : change;
    }

    /// <summary>Records a request for change; it stays requested until it is submitted for assessment.</summary>
    public async Task<Result<ChangeRecord>> CreateAsync(ChangeRequest request, Actor actor, string? person, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var change = new ChangeRecord { Title = "", Model = ChangeRecord.DeploymentModel, Requester = "", State = ChangeState.Requested, CreatedAt = now, UpdatedAt = now };
        var requester = person ?? actor.Name;
        if (request.Requester is { } named && !string.Equals(named.Trim(), requester, StringComparison.OrdinalIgnoreCase))
            return Error.Invalid("requester",
                $"A change made by hand is requested by the person who records it ({requester}); only the pipeline gate takes a requester, the identity the pipeline ran for.");
        var applied = await ApplyAsync(change, request, requester, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        change.Record(now, actor, "requested", $"Requested by {change.Requester}: {change.Title}.");
        db.Changes.Add(change);
        await audit.SaveAsync(db, actor, cancellationToken);
        return await GetAsync(change.Number, cancellationToken);
    }

    /// <summary>Edits a change that is requested, or scheduled (which sends it back to assessment: the risk may differ now).</summary>
    public async Task<Result<ChangeRecord>> UpdateAsync(string reference, ChangeRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var change = await TrackedAsync(reference, cancellationToken);
        if (change is null)
            return Error.NotFound("change", reference);
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required when changing a change: send the version you read.");
        if (change.State is not (ChangeState.Requested or ChangeState.Scheduled))
            return new Error("change.not_editable", $"{change.Number} is {WireNames.Of(change.State)}; only a requested or scheduled change can be edited.", ErrorKind.Conflict);
        if (change.State == ChangeState.Scheduled && change.Approvals.Count > 0)
            return new Error("change.not_editable", $"{change.Number} was approved by its approvers as it stands; cancel it and request a new change instead.", ErrorKind.Conflict);
        var version = request.Version.Value;
        if (version != change.Version)
            return Error.StaleVersion("change", version, change.Version);
        var applied = await ApplyAsync(change, request, change.Requester, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        var now = clock.UtcNow();
        change.Record(now, actor, "edited", "Edited.");
        if (change.State == ChangeState.Scheduled)
        {
            change.MoveTo(ChangeState.Assessment, now);
            var (service, environment) = Resolve(change);
            await assessment.AssessAsync(change, service, environment, SizeOf(change), actor, cancellationToken);
            return await SaveAndAnnounceAsync(change, actor, version, cancellationToken);
        }
        return await SaveAsync(change, actor, version, cancellationToken);
    }

    /// <summary>
    /// Moves a change by hand: submit (to assessment, which scores it and decides its route), start implementing, close
    /// a review, or cancel. Approval and rejection come from the policy and the approvers, never from a transition.
    /// </summary>
    public async Task<Result<ChangeRecord>> TransitionAsync(string reference, ChangeTransitionRequest request, Actor actor, string? person, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParse<ChangeState>(request.To, out var to))
            return Error.Invalid("to", $"'to' must be one of: {string.Join(", ", WireNames.All<ChangeState>())}.");
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required: send the version you read.");
        var change = await TrackedAsync(reference, cancellationToken);
        if (change is null)
            return Error.NotFound("change", reference);
        if (request.Version != change.Version)
            return Error.StaleVersion("change", request.Version.Value, change.Version);
        if (to is ChangeState.Scheduled or ChangeState.Authorisation or ChangeState.Rejected)
            return new Error("change.decided_by_policy",
                $"A change becomes {WireNames.Of(to)} by the policy's decision or its approvers' votes, not by hand: submit it for assessment, or vote on it.", ErrorKind.Conflict);
        if (to == ChangeState.Assessment && change.State != ChangeState.Requested)
            return new Error("change.decided_by_policy",
                $"{change.Number} was assessed already; edit it to have the policy assess it again.", ErrorKind.Conflict);
        var voter = person is null ? null : change.Approvals.FirstOrDefault(a => a.Approver.Equals(person, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a.OnBehalfOf, person, StringComparison.OrdinalIgnoreCase));
        if (to == ChangeState.Implementation && voter is not null && change.Implementer is null)
            return new Error("change.segregation_of_duties",
                $"{person} voted on {change.Number} and so may not implement it (segregation of duties); its implementer starts it.", ErrorKind.Forbidden);
        if (to == ChangeState.Closed && change.State == ChangeState.Implementation)
            return new Error("change.outcome_required", $"Report the outcome of {change.Number} (implemented, failed or rolled back) to close it.", ErrorKind.Conflict);
        var now = clock.UtcNow();
        var (service, environment) = Resolve(change);
        if (to == ChangeState.Assessment && change.State == ChangeState.Requested)
        {
            if (change.Type == ChangeType.Emergency && string.IsNullOrWhiteSpace(change.Justification))
                return Error.Invalid("justification", "An emergency change needs a justification before it is assessed.");
            await assessment.AssessAsync(change, service, environment, SizeOf(change), actor, cancellationToken);
        }
        else
        {
            var moved = change.MoveTo(to, now);
            if (!moved.Succeeded)
                return moved.Error;
            change.Record(now, actor, "state-changed", $"{WireNames.Of(moved.Value)} → {WireNames.Of(to)}" + Comment(request.Comment));
            if (to == ChangeState.Implementation && change.Implementer is null)
                change.Implementer = person ?? actor.Name;
        }
        var saved = to == ChangeState.Assessment
            ? await SaveAndAnnounceAsync(change, actor, request.Version.Value, cancellationToken)
            : await SaveAsync(change, actor, request.Version.Value, cancellationToken);
        if (saved.Succeeded)
            signal.Notify(change.Id);
        return saved;
    }

    /// <summary>
    /// The result of the implementation, from the pipeline or a person: implemented closes the change (an emergency one
    /// goes to review, as it was not assessed beforehand); failed or rolled back opens its post-implementation review.
    /// </summary>
    public async Task<Result<ChangeRecord>> ReportOutcomeAsync(string reference, ChangeOutcomeRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParse<ChangeOutcome>(request.Outcome, out var outcome))
            return Error.Invalid("outcome", $"'outcome' must be one of: {string.Join(", ", WireNames.All<ChangeOutcome>())}.");
        var change = await TrackedAsync(reference, cancellationToken);
        if (change is null)
            return Error.NotFound("change", reference);
        var recorded = await CompleteAsync(change, outcome, actor, request.Comment, request.DeploymentId, cancellationToken);
        if (!recorded.Succeeded)
            return recorded.Error;
        return await SaveAsync(change, actor, change.Version, cancellationToken);
    }

    /// <summary>Applies an outcome to a tracked change; the caller saves. Used by the outcome endpoint and by deployment matching.</summary>
    public async Task<Result<ChangeRecord>> CompleteAsync(ChangeRecord change, ChangeOutcome outcome, Actor actor, string? comment, long? deploymentId, CancellationToken cancellationToken)
    {
        if (change.State is not (ChangeState.Scheduled or ChangeState.Implementation))
            return new Error("change.not_in_implementation",
                $"{change.Number} is {WireNames.Of(change.State)}; an outcome is reported for a scheduled change or one being implemented.", ErrorKind.Conflict);
        var now = clock.UtcNow();
        if (change.State == ChangeState.Scheduled)
        {
            change.MoveTo(ChangeState.Implementation, now);
            change.Record(now, actor, "state-changed", "scheduled → implementation");
        }
        change.Outcome = outcome;
        change.DeploymentId = deploymentId ?? change.DeploymentId;
        var needsReview = outcome != ChangeOutcome.Implemented || change.Type == ChangeType.Emergency;
        change.MoveTo(needsReview ? ChangeState.Review : ChangeState.Closed, now);
        change.Record(now, actor, "outcome", $"Outcome: {WireNames.Of(outcome)}" + Comment(comment)
            + (needsReview ? (outcome == ChangeOutcome.Implemented ? ". An emergency change is reviewed after the fact." : ". The post-implementation review is open.") : "."));
        if (needsReview && change.ReviewNotes is null)
            change.ReviewNotes = ReviewTemplate(change, outcome);
        await promotions.ConsiderAsync(change, cancellationToken);
        return change;
    }

    public async Task<Result<ChangeRecord>> ReviewAsync(string reference, ChangeReviewRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var change = await TrackedAsync(reference, cancellationToken);
        if (change is null)
            return Error.NotFound("change", reference);
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required: send the version you read.");
        if (request.Version != change.Version)
            return Error.StaleVersion("change", request.Version.Value, change.Version);
        if (change.State != ChangeState.Review)
            return new Error("change.not_in_review", $"{change.Number} is {WireNames.Of(change.State)}; only a change in review has a review to write.", ErrorKind.Conflict);
        if (request.Notes is { Length: > 20_000 })
            return Error.Invalid("notes", "'notes' must be at most 20,000 characters long.");
        var now = clock.UtcNow();
        if (request.Notes is not null)
            change.ReviewNotes = request.Notes;
        change.UpdatedAt = now;
        change.Record(now, actor, "reviewed", request.Close ? "Review completed; change closed." : "Review notes updated.");
        if (request.Close)
            change.MoveTo(ChangeState.Closed, now);
        return await SaveAsync(change, actor, request.Version.Value, cancellationToken);
    }

    internal async Task<ChangeRecord?> TrackedAsync(string reference, CancellationToken cancellationToken) =>
        RecordNumber.Change.TryParse(reference, out var id)
            ? await db.Changes.Include(c => c.Cis).Include(c => c.Commits).Include(c => c.PullRequests).Include(c => c.Approvals).AsSplitQuery()
                .FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;

    internal (Service Service, DeploymentEnvironment Environment) Resolve(ChangeRecord change) =>
        (catalog.Find(new RecordReference(change.ServiceId, null)) ?? throw new InvalidOperationException($"Service {change.ServiceId} of {change.Number} is not in the catalogue index."),
         catalog.FindEnvironment(new RecordReference(change.EnvironmentId, null)) ?? throw new InvalidOperationException($"Environment {change.EnvironmentId} of {change.Number} is not in the catalogue index."));

    private static ChangeSize SizeOf(ChangeRecord change) =>
        change.RiskInputs is null ? new ChangeSize(null, null)
            : System.Text.Json.JsonSerializer.Deserialize<Policy.RiskInputs>(change.RiskInputs, ChangeAssessment.Json) is { } inputs
                ? new ChangeSize(inputs.Files, inputs.Lines) : new ChangeSize(null, null);

    /// <summary>Saves a decision together with what the observers enqueue for it (chat requests, callbacks): both or neither.</summary>
    private async Task<Result<ChangeRecord>> SaveAndAnnounceAsync(ChangeRecord change, Actor actor, long expectedVersion, CancellationToken cancellationToken)
    {
        var (service, environment) = Resolve(change);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var saved = await SaveAsync(change, actor, expectedVersion, cancellationToken);
        if (!saved.Succeeded)
            return saved;
        await assessment.AnnounceAsync(change, service, environment, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    private async Task<Result<ChangeRecord>> SaveAsync(ChangeRecord change, Actor actor, long expectedVersion, CancellationToken cancellationToken)
    {
        change.Version = expectedVersion + 1;
        change.UpdatedAt = clock.UtcNow();
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.StaleVersion("change", expectedVersion, expectedVersion + 1);
        }
        return await GetAsync(change.Number, cancellationToken);
    }

    private static string Comment(string? comment) => string.IsNullOrWhiteSpace(comment) ? "" : $": {comment.Trim()}";

    private static string ReviewTemplate(ChangeRecord change, ChangeOutcome outcome) =>
        $"""
        # Post-implementation review of {change.Number}: {change.Title}

        Outcome: {WireNames.Of(outcome)}

        ## What happened

        ## Impact

        ## Why (contributing factors, without blame)

        ## What we will change (actions, owners, due dates)
        """;

    /// <summary>Validates the request and applies it to the change; nothing is saved.</summary>
    private async Task<Result<ChangeRecord>> ApplyAsync(ChangeRecord change, ChangeRequest request, string requester, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Required("title", request.Title, 300)
            .Optional("description", request.Description, 10_000)
            .Optional("model", request.Model, 100)
            .Optional("requester", request.Requester, 200)
            .Optional("implementer", request.Implementer, 200)
            .Optional("repository", request.Repository, 300)
            .Optional("pipelineRunUrl", request.PipelineRunUrl, 2000)
            .Optional("justification", request.Justification, 2000);
        var type = ChangeType.Normal;
        if (request.Type is not null && (!WireNames.TryParse(request.Type, out type) || type == ChangeType.Standard))
            validation.Add("type", "'type' must be normal or emergency; whether a change is standard is decided by the policy's models.");
        var service = string.IsNullOrWhiteSpace(request.Service) ? null : catalog.Find(RecordReference.Parse(request.Service));
        if (service is null)
            validation.Add("service", string.IsNullOrWhiteSpace(request.Service) ? "'service' is required: the key of the service changed." : $"No service has the key '{request.Service}'.");
        var environment = string.IsNullOrWhiteSpace(request.Environment) ? null : catalog.FindEnvironment(RecordReference.Parse(request.Environment));
        if (environment is null)
            validation.Add("environment", string.IsNullOrWhiteSpace(request.Environment) ? "'environment' is required: the key of the environment changed." : $"No environment has the key '{request.Environment}'.");
        if (request.PlannedStart is { } start && request.PlannedEnd is { } end && end < start)
            validation.Add("plannedEnd", "'plannedEnd' must not be before 'plannedStart'.");
        if (request.PlannedEnd is not null && request.PlannedStart is null)
            validation.Add("plannedStart", "'plannedStart' is required when 'plannedEnd' is given.");
        if (request.Commit is { } commit && !ShaPattern().IsMatch(commit))
            validation.Add("commit", $"'commit' must be a hexadecimal commit SHA of 7 to 64 characters (got '{commit}').");
        foreach (var sha in request.Commits ?? [])
        {
            if (!ShaPattern().IsMatch(sha))
                validation.Add("commits", $"'{sha}' is not a commit SHA (7 to 64 hexadecimal characters).");
        }
        var pullRequests = new List<(string Repository, long Number)>();
        foreach (var reference in request.PullRequests ?? [])
        {
            var match = PullRequestPattern().Match(reference);
            if (match.Success)
                pullRequests.Add((match.Groups[1].Value, long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
            else
                validation.Add("pullRequests", $"'{reference}' is not a pull request reference; write it as owner/repository#number.");
        }
        var ciIds = new List<long>();
        foreach (var reference in request.Cis ?? [])
        {
            var ci = await cmdb.FindAsync(reference, cancellationToken);
            if (ci.Succeeded)
                ciIds.Add(ci.Value.Id);
            else
                validation.Add("cis", ci.Error.Message);
        }
        if (!validation.IsValid)
            return validation.ToError();

        change.Title = request.Title!.Trim();
        change.Description = Trimmed(request.Description);
        change.Type = type;
        change.Model = Trimmed(request.Model) ?? ChangeRecord.DeploymentModel;
        change.ServiceId = service!.Id;
        change.EnvironmentId = environment!.Id;
        change.Requester = requester;
        change.Implementer = Trimmed(request.Implementer);
        change.PlannedStart = request.PlannedStart?.ToUniversalTime();
        change.PlannedEnd = request.PlannedEnd?.ToUniversalTime() ?? change.PlannedStart;
        change.Repository = Trimmed(request.Repository);
        change.CommitSha = request.Commit?.ToLowerInvariant();
        change.PipelineRunUrl = Trimmed(request.PipelineRunUrl);
        change.Justification = Trimmed(request.Justification);
        change.Cis.RemoveAll(l => !ciIds.Contains(l.CiId));
        change.Cis.AddRange(ciIds.Distinct().Where(id => change.Cis.All(l => l.CiId != id)).Select(id => new ChangeCi { CiId = id }));
        var shas = (request.Commits ?? []).Select(s => s.ToLowerInvariant()).Distinct().ToList();
        change.Commits.RemoveAll(c => !shas.Contains(c.Sha));
        change.Commits.AddRange(shas.Where(s => change.Commits.All(c => c.Sha != s)).Select(s => new ChangeCommit { Sha = s }));
        change.PullRequests.RemoveAll(p => !pullRequests.Contains((p.Repository, p.Number)));
        change.PullRequests.AddRange(pullRequests.Distinct().Where(p => change.PullRequests.All(l => (l.Repository, l.Number) != p))
            .Select(p => new ChangePullRequest { Repository = p.Repository, Number = p.Number }));
        return change;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$")]
    internal static partial Regex ShaPattern();

    [GeneratedRegex(@"^([A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)+)#([0-9]{1,9})$")]
    private static partial Regex PullRequestPattern();
}
