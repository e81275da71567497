namespace Guardrail.Core.Integrations;

/// <summary>A change or ticket another tool reported (CDEvents <c>change.*</c>, <c>ticket.*</c>), kept at its latest action.</summary>
public sealed class ExternalWorkItem
{
    public long Id { get; set; }

    public IntegrationKind Source { get; set; }

    /// <summary>"change" or "ticket".</summary>
    public required string Kind { get; set; }

    public required string ExternalId { get; set; }

    public required string LastAction { get; set; }

    public string? Repository { get; set; }

    public string? Title { get; set; }

    public string? Url { get; set; }

    public DateTime UpdatedAt { get; set; }
}
