using Guardrail.Contracts;

namespace Guardrail.Server.Pages.Problems;

/// <summary>The problem editor as posted: services chosen from the catalogue, incidents one a line (INC-n), a state to move to or none.</summary>
public sealed record ProblemForm(
    string? Title, string? Description, string? Symptoms, string[]? Services, string? Incidents, string? RootCause, string? Workaround,
    string? Fix, string? FixChange, string? State, long? Version)
{
    public static readonly string[] Fields = ["title", "description", "symptoms", "services", "incidents", "rootCause", "workaround", "fix", "fixChange", "state"];

    public ProblemRequest ToRequest() =>
        new(Title, Description, Symptoms, Services ?? [], Lines(Incidents), RootCause, Workaround, Fix, FixChange, string.IsNullOrEmpty(State) ? null : State, Version);

    private static IReadOnlyList<string> Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
