using Guardrail.Contracts;

namespace Guardrail.Server.Pages.Cmdb;

/// <summary>One side of a CI's relationships, for the <c>_Relationships</c> partial: outgoing ones show the target, incoming ones the source.</summary>
public sealed record RelationshipList(IReadOnlyList<RelationshipResponse> Relationships, bool Outgoing);
