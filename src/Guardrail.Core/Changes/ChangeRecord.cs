using Guardrail.Core.Audit;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Changes;

/// <summary>
/// A request for change (<c>CHG-n</c>): what is changed (service, environment, CIs, commits), when, by whom, the risk the
/// policy found and the route it chose, and where the change is in its life. Owns its state transitions.
/// </summary>
[AuditedAs("change")]
public sealed class ChangeRecord : IVersioned
{
    public const string DeploymentModel = "deployment";

    public long Id { get; set; }

    public string Number => RecordNumber.Change.Format(Id);

    public required string Title { get; set; }

    public string? Description { get; set; }

    public ChangeType Type { get; set; }

    public ChangeState State { get; set; }

    public ChangeOutcome? Outcome { get; set; }

    /// <summary>The kind of change ("deployment" for the gate), which standard models and promotion patterns match on.</summary>
    public required string Model { get; set; }

    public long ServiceId { get; set; }

    public Service? Service { get; set; }

    public long EnvironmentId { get; set; }

    public DeploymentEnvironment? Environment { get; set; }

    /// <summary>Who asked for the change: a user name, or the identity the pipeline sent (a forge login or an e-mail address).</summary>
    public required string Requester { get; set; }

    public string? Implementer { get; set; }

    public DateTime? PlannedStart { get; set; }

    public DateTime? PlannedEnd { get; set; }

    public string? Repository { get; set; }

    public string? CommitSha { get; set; }

    public string? Artifact { get; set; }

    public string? PipelineRunUrl { get; set; }

    /// <summary>The pipeline run that asked the gate; unique, so a retried gate call finds this change instead of making another.</summary>
    public string? PipelineRunKey { get; set; }

    /// <summary>The evidence the pipeline sent (tests, scans…) as a JSON object of strings.</summary>
    public string Evidence { get; set; } = "{}";

    /// <summary>Why an emergency change may pass a freeze; required then.</summary>
    public string? Justification { get; set; }

    /// <summary>Recorded without gating: the pipeline went ahead and Guardrail keeps the receipt.</summary>
    public bool IsReceipt { get; set; }

    public int? RiskScore { get; set; }

    /// <summary>The factors of the risk score as JSON, each with its weight, value, points and reason.</summary>
    public string? RiskFactors { get; set; }

    /// <summary>The inputs the risk was scored from, as JSON, so a candidate policy can be simulated on them later.</summary>
    public string? RiskInputs { get; set; }

    public ApprovalRoute? Route { get; set; }

    /// <summary>What the policy decided when it assessed the change (votes and expiry may decide later).</summary>
    public DecisionOutcome? PolicyOutcome { get; set; }

    public int Quorum { get; set; }

    public string? StandardModel { get; set; }

    /// <summary>The policy's reasons for its decision, as a JSON array of sentences.</summary>
    public string? DecisionReasons { get; set; }

    public long? PolicyVersionId { get; set; }

    public DateTime? DecidedAt { get; set; }

    public DateTime? ApprovalExpiresAt { get; set; }

    /// <summary>Called with the decision once it is made (generic callback); must fall under a gate-callback target's URL.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>GitHub's <c>deployment_callback_url</c> of a deployment protection rule, answered with the decision.</summary>
    public string? GithubCallbackUrl { get; set; }

    public string? GithubEnvironment { get; set; }

    public long? DeploymentId { get; set; }

    public string? ReviewNotes { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the change moved to closed, which the change success rate counts by.</summary>
    public DateTime? ClosedAt { get; set; }

    public List<ChangeCi> Cis { get; set; } = [];

    public List<ChangeCommit> Commits { get; set; } = [];

    public List<ChangePullRequest> PullRequests { get; set; } = [];

    public List<ChangeApproval> Approvals { get; set; } = [];

    public List<ChangeEvent> Events { get; set; } = [];

    /// <summary>Adds a line to the timeline; it is saved with the change.</summary>
    public void Record(DateTime at, Common.Actor actor, string kind, string message) =>
        Events.Add(new ChangeEvent { At = at, Actor = actor.Name, Kind = kind, Message = message });

    public bool IsOpen => ChangeTransitions.IsOpen(State);

    /// <summary>Moves the change to <paramref name="to"/> if the transition table allows it.</summary>
    public Common.Result<ChangeState> MoveTo(ChangeState to, DateTime now)
    {
        if (!ChangeTransitions.IsAllowed(State, to))
            return new Common.Error("change.invalid_transition",
                $"{Number} is {Common.WireNames.Of(State)} and cannot move to {Common.WireNames.Of(to)}; from {Common.WireNames.Of(State)} it can move to: "
                + (ChangeTransitions.From(State) is { Count: > 0 } next ? string.Join(", ", next.Select(Common.WireNames.Of)) : "nothing (it is final)") + ".",
                Common.ErrorKind.Conflict);
        var from = State;
        State = to;
        UpdatedAt = now;
        if (to == ChangeState.Closed)
            ClosedAt = now;
        return from;
    }
}

/// <summary>A configuration item the change touches.</summary>
public sealed class ChangeCi
{
    public long ChangeId { get; set; }

    public long CiId { get; set; }

    public Cmdb.ConfigurationItem? Ci { get; set; }
}

public sealed class ChangeCommit
{
    public long ChangeId { get; set; }

    public required string Sha { get; set; }
}

public sealed class ChangePullRequest
{
    public long ChangeId { get; set; }

    public required string Repository { get; set; }

    public long Number { get; set; }
}
