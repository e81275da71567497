using Guardrail.Contracts;
using Guardrail.Core.Common;

namespace Guardrail.Core.Problems;

public static class ProblemMappings
{
    public static ProblemResponse ToResponse(this Problem problem) =>
        new(problem.Id, problem.Number, problem.Title, WireNames.Of(problem.State), problem.IsKnownError,
            [.. problem.Services.Select(l => l.Service?.Key ?? "").Order(StringComparer.Ordinal)], problem.Incidents.Count,
            problem.FixChangeId is { } change ? RecordNumber.Change.Format(change) : null, problem.CreatedBy,
            problem.KnownErrorAt, problem.ResolvedAt, problem.ClosedAt, problem.Version, problem.CreatedAt, problem.UpdatedAt);

    public static ProblemDetailResponse ToDetailResponse(this Problem problem) =>
        new(problem.ToResponse(), problem.Description, problem.Symptoms, problem.RootCause, problem.Workaround, problem.Fix,
            [.. problem.Incidents.Select(l => new ProblemIncidentResponse(
                RecordNumber.Incident.Format(l.IncidentId), l.Incident?.Title ?? "", l.Incident is { } incident ? WireNames.Of(incident.State) : "",
                l.Incident is { } i ? WireNames.Of(i.Priority) : "", l.Incident?.IsMajor ?? false, l.Incident?.OpenedAt ?? default, l.Incident?.ResolvedAt,
                l.LinkedAt, l.LinkedBy))],
            [.. problem.Events.Select(e => new ProblemEventResponse(e.At, e.Actor, e.Kind, e.Message))],
            [.. ProblemTransitions.From(problem.State).Select(WireNames.Of)]);

    public static KnownErrorResponse ToResponse(this KnownErrorMatch match) =>
        new(match.Problem.Number, match.Problem.Title, match.Problem.Symptoms, match.Problem.RootCause, match.Problem.Workaround,
            match.Problem.FixChangeId is { } change ? RecordNumber.Change.Format(change) : null,
            [.. match.Problem.Services.Select(l => l.Service?.Key ?? "").Order(StringComparer.Ordinal)], match.Problem.KnownErrorAt,
            match.Score, match.MatchedTerms);
}
