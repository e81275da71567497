using Guardrail.Core.Integrations.Normalisation;

namespace Guardrail.Core.Deployments;

/// <summary>A commit seen in a push or in imported git history, unique per repository.</summary>
public sealed class Commit
{
    public long Id { get; set; }

    /// <summary>Canonical <c>host/owner/name</c>, lower case, as the CMDB names repositories.</summary>
    public required string Repository { get; set; }

    public required string Sha { get; set; }

    public DateTime? AuthoredAt { get; set; }

    public short AuthoredOffsetMinutes { get; set; }

    public DateTime? CommittedAt { get; set; }

    public string? Author { get; set; }

    public string? Message { get; set; }

    /// <summary>Space-separated parent SHAs when known (imported history); pushes do not say.</summary>
    public string? Parents { get; set; }
}

/// <summary>A push to a branch: it moved the branch from <see cref="Before"/> to <see cref="After"/>.</summary>
public sealed class Push
{
    public long Id { get; set; }

    public required string Repository { get; set; }

    public required string Ref { get; set; }

    public required string Before { get; set; }

    public required string After { get; set; }

    public bool Forced { get; set; }

    public bool CommitsComplete { get; set; }

    public DateTime PushedAt { get; set; }

    public long InboundDeliveryId { get; set; }

    public List<PushCommit> Commits { get; set; } = [];
}

public sealed class PushCommit
{
    public long PushId { get; set; }

    public int Position { get; set; }

    public required string Sha { get; set; }
}

/// <summary>A pull request (GitHub) or merge request (GitLab), kept at its latest state.</summary>
public sealed class PullRequest
{
    public long Id { get; set; }

    public required string Repository { get; set; }

    public long Number { get; set; }

    public required string Title { get; set; }

    public PullRequestState State { get; set; }

    public string? Author { get; set; }

    public DateTime OpenedAt { get; set; }

    public short OpenedOffsetMinutes { get; set; }

    public DateTime? MergedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? MergeCommitSha { get; set; }

    public string? HeadSha { get; set; }

    public string? BaseRef { get; set; }

    public string? Url { get; set; }

    /// <summary>
    /// The earliest time of the commits pushed to the pull request's head before it merged (lead time's start): authored
    /// where known, else the one time a push payload gives per commit.
    /// </summary>
    public DateTime? FirstCommitAuthoredAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A run of a pipeline or workflow, or one of its jobs.</summary>
public sealed class PipelineRun
{
    public long Id { get; set; }

    public Integrations.IntegrationKind Source { get; set; }

    public required string ProviderRunId { get; set; }

    public string? Repository { get; set; }

    public required string Name { get; set; }

    public string? Ref { get; set; }

    public string? CommitSha { get; set; }

    public PipelineRunState Status { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public string? Url { get; set; }

    public string? CorrelationId { get; set; }

    public DateTime UpdatedAt { get; set; }
}
