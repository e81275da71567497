namespace Guardrail.Contracts;

/// <summary>One page of a list. Pass <see cref="NextCursor"/> as <c>cursor</c> to get the next page; null means this is the last.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
