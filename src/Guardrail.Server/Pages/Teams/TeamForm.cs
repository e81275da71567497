using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Server.Pages.Teams;

/// <summary>What the team form shows: the values (as sent or as read) and the refusal if any.</summary>
public sealed record TeamForm(TeamRequest Values, Error? Error, string SubmitLabel, string CancelUrl)
{
    public static readonly string[] Fields = ["key", "name", "contactEmail", "description"];

    public static TeamRequest ValuesOf(Team team) => new(team.Key, team.Name, team.Description, team.ContactEmail, team.Version);
}
