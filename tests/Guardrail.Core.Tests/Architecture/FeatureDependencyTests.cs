using Guardrail.Core.Persistence;
using NetArchTest.Rules;

namespace Guardrail.Core.Tests.Architecture;

/// <summary>
/// The direction of dependencies between the practices (ARCHITECTURE.md): the CMDB and the service catalogue depend on
/// no practice built on them, change enablement knows no tool (the integrations implement its observers), incidents know
/// nothing of the problem management built on them, and nothing but the start-up depends on the demo data.
/// </summary>
public sealed class FeatureDependencyTests
{
    private static readonly Types s_core = Types.InAssembly(typeof(GuardrailDb).Assembly);

    [Theory]
    [InlineData("Guardrail.Core.Cmdb", new[] { "Guardrail.Core.Changes", "Guardrail.Core.Incidents", "Guardrail.Core.Integrations", "Guardrail.Core.Deployments", "Guardrail.Core.Measurement", "Guardrail.Core.Demo" })]
    [InlineData("Guardrail.Core.ServiceCatalog", new[] { "Guardrail.Core.Cmdb", "Guardrail.Core.Changes", "Guardrail.Core.Incidents", "Guardrail.Core.Integrations", "Guardrail.Core.Deployments", "Guardrail.Core.Measurement", "Guardrail.Core.Demo" })]
    [InlineData("Guardrail.Core.Changes", new[] { "Guardrail.Core.Incidents", "Guardrail.Core.Integrations.Outbox", "Guardrail.Core.Integrations.Inbox", "Guardrail.Core.Integrations.Signatures", "Guardrail.Core.Measurement", "Guardrail.Core.Demo" })]
    [InlineData("Guardrail.Core.Deployments", new[] { "Guardrail.Core.Changes", "Guardrail.Core.Incidents", "Guardrail.Core.Measurement", "Guardrail.Core.Demo" })]
    [InlineData("Guardrail.Core.Incidents", new[] { "Guardrail.Core.Problems", "Guardrail.Core.Measurement", "Guardrail.Core.Demo" })]
    [InlineData("Guardrail.Core.Problems", new[] { "Guardrail.Core.Measurement", "Guardrail.Core.Demo" })]
    [InlineData("Guardrail.Core.Measurement", new[] { "Guardrail.Core.Demo" })]
    public void A_practice_does_not_depend_on_the_ones_built_on_it(string practice, string[] forbidden)
    {
        var result = s_core.That().ResideInNamespace(practice).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{practice} depends on {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
