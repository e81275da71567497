using System.Text.Json;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

public sealed record SimulatedDecision(ChangeRecord Change, PolicyDecision Candidate);

public sealed record SimulationResult(int Days, int Evaluated, int Skipped, IReadOnlyList<SimulatedDecision> Differences);

/// <summary>
/// "What would this policy have decided?": a candidate policy is evaluated on the very inputs each past change was
/// assessed on, and the changes whose decision (type, route or outcome) would differ are listed.
/// </summary>
public sealed class PolicySimulation(GuardrailDb db, TimeProvider clock)
{
    public const int MaxDays = 366;

    public async Task<Result<SimulationResult>> RunAsync(string? document, int days, CancellationToken cancellationToken)
    {
        if (days is < 1 or > MaxDays)
            return Error.Invalid("days", $"'days' must be from 1 to {MaxDays}.");
        var parsed = ChangePolicies.Validate(document);
        if (!parsed.Succeeded)
            return parsed.Error;
        if (!parsed.Value.IsValid)
            return ChangePolicies.Invalid(parsed.Value);
        var candidate = parsed.Value.Policy!;
        var since = clock.UtcNow() - TimeSpan.FromDays(days);
        var differences = new List<SimulatedDecision>();
        var evaluated = 0;
        var skipped = 0;
        var lastId = 0L;
        while (true)
        {
            var batch = await db.Changes.AsNoTracking().Include(c => c.Service).Include(c => c.Environment)
                .Where(c => c.CreatedAt >= since && c.Id > lastId).OrderBy(c => c.Id).Take(1_000).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                break;
            lastId = batch[^1].Id;
            foreach (var change in batch)
            {
                if (change.PolicyOutcome is not { } recorded || change.RiskInputs is null || JsonSerializer.Deserialize<RiskInputs>(change.RiskInputs, ChangeAssessment.Json) is not { } inputs)
                {
                    skipped++;
                    continue;
                }
                evaluated++;
                var decision = PolicyEvaluator.Evaluate(candidate, inputs);
                if (decision.Type != change.Type || decision.Route != change.Route || decision.Outcome != recorded)
                    differences.Add(new SimulatedDecision(change, decision));
            }
        }
        return new SimulationResult(days, evaluated, skipped, differences);
    }
}
